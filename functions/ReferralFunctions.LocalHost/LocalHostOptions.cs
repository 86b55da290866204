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

    /// <summary>Start Azurite when none is listening, and stop it on exit.</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>
    /// How long a queue message the engine took stays invisible: after a host dies mid-step, the next host redoes that
    /// step this long after. It must outlast the longest orchestrator episode or activity (here: milliseconds; the
    /// sidecar does not renew it). Azure's default, which the Functions app keeps, is 5 minutes.
    /// </summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Azurite's data folder, relative to the repository root (git-ignored).</summary>
    public string AzuriteDataFolder { get; set; } = ".azurite";
}
