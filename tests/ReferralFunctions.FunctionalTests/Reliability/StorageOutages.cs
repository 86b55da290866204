namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>Outage tests share one host and one Azurite and run one after the other: each takes storage away.</summary>
[CollectionDefinition(Name)]
public sealed class StorageOutages : ICollectionFixture<OutageHostFixture>
{
    public const string Name = "Storage outages";
}
