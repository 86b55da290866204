using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>
/// The real local host over an Azurite of its own (<see cref="StoppableAzurite"/>), so a test can take storage away
/// from the referral tables and the durable engine alike, and give it back, without disturbing other tests.
/// </summary>
public sealed class OutageHostFixture : ReferralHostFixture
{
    public StoppableAzurite Storage { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Storage = await StoppableAzurite.StartNewAsync();
        await StartHostAsync();
    }

    /// <summary>Makes sure storage is there (a test that failed half-way may have left it stopped).</summary>
    public async Task EnsureStorageAsync()
    {
        if (!Storage.IsRunning)
        {
            await Storage.StartAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        await EnsureStorageAsync();
        await StopHostAsync();
        await Storage.DisposeAsync();
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["ReferralStorage"] = Storage.ConnectionString;
        settings["LocalHost:EngineStorage"] = Storage.ConnectionString;
        settings["LocalHost:StartAzurite"] = "false";
        settings["Resilience:RequestDeadline"] = new ReferralFunctions.Http.ResilienceOptions().RequestDeadline.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        settings["CarrierAuth:RateLimit:PermitsPerMinute"] = "100000";
        settings["CarrierAuth:RateLimit:Burst"] = "100000";
        return settings;
    }
}
