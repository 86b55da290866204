using System.Globalization;

namespace ReferralFunctions.LocalHost;

/// <summary>The loopback ports of one Azurite's blob, queue and table services.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    /// <summary>Azurite's well-known development account key (public, the same on every machine).</summary>
    public const string DevelopmentAccountKey = ReferralFunctions.Configuration.AzureConfigurationCheck.AzuriteAccountKey;

    /// <summary>A connection string for the development account on these ports.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{Blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{Queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{Table}/devstoreaccount1;");
}
