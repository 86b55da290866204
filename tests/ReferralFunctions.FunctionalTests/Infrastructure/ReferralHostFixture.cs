using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// Runs the real local host (Kestrel on 127.0.0.1, the Azure Storage durable engine, Azurite) with a task hub and
/// tables of its own, so test classes do not see each other's data.
/// </summary>
public class ReferralHostFixture : IAsyncLifetime
{
    /// <summary>A second carrier, for "another carrier's referral" cases.</summary>
    public const string OtherCarrier = "ACME-LINES";
    public const string OtherCarrierSecret = "acme-lines-test-secret-5f0c9e2a7b41d836";

    /// <summary>A carrier in the middle of rotating its secret: both verify.</summary>
    public const string RotatingCarrier = "ROTATING";
    public const string RotatingCurrentSecret = "rotating-new-secret-8d3f1a6c9e2b4705";
    public const string RotatingPreviousSecret = "rotating-old-secret-2b7e4c0f5a9d1e63";

    public ReferralHostFixture()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        TaskHub = "t" + id;
        TablePrefix = "t" + id;
    }

    public string TaskHub { get; }

    public string TablePrefix { get; }

    public LocalReferralHost Host { get; private set; } = null!;

    /// <summary>The workflow the next <see cref="StartHostAsync"/> runs (a test may swap in a changed one).</summary>
    public LocalWorkflow Workflow { get; set; } = LocalWorkflow.Current;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => Host.Services;

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public CarrierClient Carrier(string carrierId = "DEMO", string? secret = null) =>
        new(Http, carrierId, secret ?? (carrierId == "DEMO" ? Carriers.LocalCarrierSecretStore.DemoSecret : carrierId switch
        {
            OtherCarrier => OtherCarrierSecret,
            RotatingCarrier => RotatingCurrentSecret,
            _ => "unknown-carrier-secret-3a9f6e1c0d8b2f47",
        }));

    public virtual async Task InitializeAsync()
    {
        await TestAzurite.EnsureRunningAsync();
        await StartHostAsync();
    }

    public async Task StartHostAsync()
    {
        Host = await LocalReferralHost.StartAsync(
            [],
            Settings(),
            ConfigureServices,
            ConfigureLogging,
            Workflow);
        Http = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task StopHostAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await StopHostAsync();
        await DeleteStorageAsync(TablePrefix, TaskHub);
    }

    /// <summary>
    /// Deletes a host's tables, queues and blob containers, so a long-lived Azurite does not accumulate every
    /// run's data (it slows down as it grows).
    /// </summary>
    public static async Task DeleteStorageAsync(string tablePrefix, string taskHub)
    {
        const string storage = "UseDevelopmentStorage=true";
        bool Ours(string name) =>
            name.StartsWith(tablePrefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(taskHub, StringComparison.OrdinalIgnoreCase);

        var tables = new TableServiceClient(storage);
        await foreach (var table in tables.QueryAsync())
        {
            if (Ours(table.Name)) await tables.DeleteTableAsync(table.Name);
        }

        var queues = new QueueServiceClient(storage);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            if (Ours(queue.Name)) await queues.DeleteQueueAsync(queue.Name);
        }

        var blobs = new BlobServiceClient(storage);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (Ours(container.Name))
            {
                // The durable engine holds a lease on its task hub's container; break it so the container can go.
                var client = blobs.GetBlobContainerClient(container.Name);
                if (container.Properties.LeaseState == LeaseState.Leased) await client.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
                await client.DeleteIfExistsAsync();
            }
        }
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected virtual void ConfigureLogging(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Warning);

    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["LocalHost:Port"] = "0",
        ["LocalHost:StartAzurite"] = "false",
        ["LocalHost:TaskHubName"] = TaskHub,
        ["ReferralStorage:TablePrefix"] = TablePrefix,
        [$"CarrierAuth:Carriers:{OtherCarrier}:Secret"] = OtherCarrierSecret,
        [$"CarrierAuth:Carriers:{RotatingCarrier}:Secret"] = RotatingCurrentSecret,
        [$"CarrierAuth:Carriers:{RotatingCarrier}:PreviousSecret"] = RotatingPreviousSecret,

        // The test staff clients poll every 100 ms while a workflow catches up (up to 10 a second for a minute), which
        // no person does; the staff limit itself is tested with small figures in FloodControlTests.
        ["StaffAuth:RateLimit:Burst"] = "100000",
        ["StaffAuth:RateLimit:PermitsPerMinute"] = "100000",

        // Every host of the suite shares one Azurite on a 2-core machine; under that load a request now and then takes
        // longer than the product's 4 s deadline and is answered 503, which is right in production and noise here. The
        // deadline itself is tested with the product default (OutageHostFixture, IntakeOutageTests, DecisionOutageTests).
        ["Resilience:RequestDeadline"] = "00:00:15",
    };
}
