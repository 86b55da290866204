namespace ReferralFunctions.LocalHost;

/// <summary>Settings of the local host (section "LocalHost").</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>The API port on 127.0.0.1 (7071, as <c>func start</c>); 0 picks a free one.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>The durable task hub, as host.json names it for the Functions app.</summary>
    public string TaskHubName { get; set; } = "ReferralsHub";

    /// <summary>Storage of the durable engine (the Functions app's AzureWebJobsStorage).</summary>
    public string EngineStorage { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// How long a queue message the durable engine took stays hidden if the engine never finishes with it (storage went
    /// away mid-step, or the host died). The engine's default, 5 minutes, stalled a referral that long after a
    /// 10-second outage; work still in progress renews its hold, so a short value costs only a renewal now and then.
    /// See docs/reliability.md for the values in Azure.
    /// </summary>
    public TimeSpan EngineMessageVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Start Azurite when none is listening, and stop it on exit.</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>Azurite's data folder, relative to the repository root (git-ignored).</summary>
    public string AzuriteDataFolder { get; set; } = ".azurite";
}
