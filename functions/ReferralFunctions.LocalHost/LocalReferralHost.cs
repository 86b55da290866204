using System.Diagnostics;
using System.Net;
using DurableTask.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using ReferralFunctions.Configuration;
using ReferralFunctions.Http;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// Runs the same endpoints and orchestrations as the Functions app, without the Functions host: Kestrel on 127.0.0.1
/// serves the API under <c>/api</c>, and DurableTask.Core's Azure Storage engine over Azurite (behind the gRPC sidecar
/// the Functions host also uses) runs the orchestrations, so they survive restarts.
/// </summary>
public sealed partial class LocalReferralHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly AzuriteProcess azurite;

    private LocalReferralHost(WebApplication app, AzuriteProcess azurite, Uri baseAddress)
    {
        this.app = app;
        this.azurite = azurite;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts the host. <paramref name="settings"/> override configuration (tests use them for ports, task hub and
    /// table prefix); <paramref name="configureServices"/> may replace services (tests use it for SDK test doubles);
    /// <paramref name="workflow"/> is <see cref="LocalWorkflow.Current"/> unless a test runs a changed workflow.
    /// </summary>
    public static async Task<LocalReferralHost> StartAsync(
        string[] args,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        Action<ILoggingBuilder>? configureLogging = null,
        LocalWorkflow? workflow = null,
        CancellationToken cancellationToken = default)
    {
        // Kestrel otherwise takes a bare LF as the end of a header line; a front end that does not would let a header
        // be smuggled past it, so a bare LF is refused like a bare CR (process-wide, read when Kestrel starts parsing).
        AppContext.SetSwitch("Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators", true);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        configureLogging?.Invoke(builder.Logging);
        var options = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
        var root = RepositoryRoot();

        using var bootLoggers = LoggerFactory.Create(logging =>
        {
            logging.AddSimpleConsole(console => console.SingleLine = true);
            configureLogging?.Invoke(logging);
        });
        var bootLogger = bootLoggers.CreateLogger<LocalReferralHost>();

        // Refuse a misconfigured Azure run before touching any storage (the host's start-up validation checks it again).
        AzureConfigurationCheck.Enforce(builder.Configuration, bootLogger);
        var azurite = options.StartAzurite
            ? await AzuriteProcess.EnsureRunningAsync(root, options.AzuriteDataFolder, bootLogger, cancellationToken).ConfigureAwait(false)
            : AzuriteProcess.External;
        try
        {
            var app = await BuildAsync(builder, options, workflow ?? LocalWorkflow.Current, configureServices, cancellationToken).ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);

                // Serve requests only once the engine dispatches; stop waiting if the host is asked to stop meanwhile.
                var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                using var probeCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
                await ProbeEngineAsync(app.Services.GetRequiredService<DurableTaskClient>(), probeCancel.Token).ConfigureAwait(false);
                app.Services.GetRequiredService<LocalHostReadiness>().MarkReady();
                return new LocalReferralHost(app, azurite, ApiAddress(app));
            }
            catch
            {
                // A start refused by validation (ValidateOnStart) leaves a built app behind: release its services.
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await azurite.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, LocalHostOptions options, LocalWorkflow workflow, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        // The API on loopback TCP; the durable engine's gRPC sidecar on a Unix socket of its own, reachable only from
        // this machine's file system and free of port clashes when several hosts run side by side (tests).
        var engineSocket = Path.Combine(Path.GetTempPath(), $"referrals-engine-{Guid.NewGuid():N}.sock");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Stated rather than left to Kestrel's defaults so they are visible and tested (Security/HeaderAbuseTests).
            // A carrier request needs about ten headers and well under 1 KiB of them; a staff token about 2 KiB.
            // Bodies are limited per endpoint (256 KiB for a referral). In Azure the Functions front end has its own.
            kestrel.Limits.MaxRequestLineSize = LocalHostLimits.MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = LocalHostLimits.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = LocalHostLimits.MaxRequestHeaderCount;
            kestrel.Limits.RequestHeadersTimeout = LocalHostLimits.RequestHeadersTimeout;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.ListenUnixSocket(engineSocket, listen => listen.Protocols = HttpProtocols.Http2);
        });

        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<InternalErrorExceptionHandler>();
        services.AddSingleton<LocalHostReadiness>();
        services.AddReferralServices(builder.Configuration);
        services.AddHostedService<RetentionService>();
        services.AddHostedService<WorkflowHealthService>();
        services.AddHostedService<AuditAnchorService>();
        services.AddHostedService<TableExportService>();

        // The durable engine: Azure Storage provider over Azurite, served to the worker and client through the gRPC sidecar.
        var engine = LocalDurableEngine.Create(options);
        var watch = Stopwatch.StartNew();
        await engine.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        services.AddSingleton<IOrchestrationService>(engine);
        services.AddSingleton<IOrchestrationServiceClient>(engine);
        services.AddSingleton<TaskHubGrpcServer>();
        services.AddGrpc();

        // Every new instance starts under the workflow's version and keeps it for life (docs/architecture.md, "Changing
        // the workflow safely"); the orchestrator branches on it, so instances started before a change replay as they ran.
        var channel = LocalDurableEngine.Channel(engineSocket);
        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(tasks =>
            {
                workflow.Register(tasks);
                tasks.AddOrchestrator<EngineProbeOrchestrator>();
            });
            worker.UseGrpc(channel);
            worker.UseVersioning(LocalDurableEngine.WorkerVersioning(workflow.Version));
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.UseDefaultVersion(workflow.Version);
            client.RegisterDirectly();
        });
        configureServices?.Invoke(services);

        var app = builder.Build();
        Log.EngineReady(app.Logger, options.TaskHubName, watch.ElapsedMilliseconds);
        app.Use((context, next) =>
        {
            // On every answer, error pages included: no browser may sniff a JSON body (which may hold submitted text) into HTML.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseExceptionHandler();

        // First of the request's own work: behind Azure's front end (tests simulate it) plain HTTP goes no further.
        // Only on the TCP listener: the durable engine's sidecar talks over its Unix socket and is no client's.
        var transport = app.Services.GetRequiredService<TransportSecurity>();
        app.UseWhen(context => context.Connection.LocalIpAddress is not null, client => client.Use(async (context, next) =>
        {
            if (!await transport.AnsweredAsync(context).ConfigureAwait(false))
            {
                await next(context).ConfigureAwait(false);
            }
        }));
        app.UseMiddleware<LocalHostReadiness.Gate>();
        app.MapGrpcService<TaskHubGrpcServer>();
        MapApi(app);

        // Stop the durable worker first: its open stream to the sidecar would otherwise hold Kestrel's shutdown for 30 s.
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var worker in app.Services.GetServices<IHostedService>().OfType<DurableTaskWorker>())
            {
                worker.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        });
        lifetime.ApplicationStopped.Register(() =>
        {
            channel.Dispose();
            File.Delete(engineSocket);
        });
        return app;
    }

    /// <summary>Maps every route of <see cref="ApiRoutes.All"/> under <c>/api</c> to the shared handlers.</summary>
    internal static RouteGroupBuilder MapApi(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/" + ApiRoutes.Prefix);
        foreach (var route in ApiRoutes.All)
        {
            api.MapMethods(route.Template, [route.Method], (HttpContext context, ApiHandlers handlers, DurableTaskClient durable) =>
                    handlers.HandleAsync(route.Name, context.Request, context.Request.RouteValues["reference"] as string, durable, context.RequestAborted))
                .WithName(route.Name);
        }

        return api;
    }

    /// <summary>The repository root: the folder holding ReferralFunctions.sln, found from the working or app directory.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ReferralFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (the folder with ReferralFunctions.sln).");
    }

    /// <summary>Runs one no-op orchestration to completion: the engine is then dispatching work.</summary>
    private static async Task ProbeEngineAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instanceId = $"engine-probe-{Guid.NewGuid():N}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(EngineProbeOrchestrator), input: null, new StartOrchestrationOptions(instanceId), timeout.Token).ConfigureAwait(false);
        await client.WaitForInstanceCompletionAsync(instanceId, timeout.Token).ConfigureAwait(false);
        await client.PurgeInstanceAsync(instanceId, cancellation: timeout.Token).ConfigureAwait(false);
    }

    /// <summary>The loopback address Kestrel actually bound for the API (the configured port may be 0).</summary>
    private static Uri ApiAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var api = addresses.Select(a => new Uri(a)).First(a => a.Scheme == Uri.UriSchemeHttp && a.Port > 0);
        return new Uri($"http://127.0.0.1:{api.Port}/");
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Referral API listening on {BaseAddress}api (ready in {ElapsedMs} ms). Press Ctrl+C to stop.")]
    internal static partial void LogListening(ILogger logger, Uri baseAddress, long elapsedMs);

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Durable engine ready on task hub {TaskHub} in {ElapsedMs} ms")]
        public static partial void EngineReady(ILogger logger, string taskHub, long elapsedMs);
    }
}
