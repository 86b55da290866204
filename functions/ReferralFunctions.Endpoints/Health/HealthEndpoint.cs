using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Http;

namespace ReferralFunctions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 once referral storage and the durable engine answer, 503 (with <c>Retry-After</c>) naming
/// the part that does not. <see cref="HealthCheckService"/> asks both at once, each for at most the probe timeout, so the
/// answer comes in time.
/// </summary>
public sealed partial class HealthEndpoint(HealthCheckService checks, IOptions<ResilienceOptions> resilience, ILogger<HealthEndpoint> logger)
{
    /// <summary>What the service may take beyond the checks' own timeout to gather their results.</summary>
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromMilliseconds(250);

    public async Task<IResult> HandleAsync(HttpContext context, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(durable);

        // Set inside this async method, so the lent client flows to the checks and is gone when it returns.
        DurableEngineHealthCheck.Client.Value = durable;
        // Each check stops at the probe timeout; the answer does not wait on a check that overruns it either (a call
        // that does not observe its cancellation, or a starved thread pool): what has not answered by then is unavailable.
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport? report;
        try
        {
            report = await checks.CheckHealthAsync(cancellationToken).WaitAsync(resilience.Value.HealthProbeTimeout + AnswerGrace, cancellationToken).ConfigureAwait(false);
            foreach (var (part, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
            {
                Log.Unavailable(logger, part, entry.Exception?.GetType().Name ?? entry.Description ?? "unknown");
            }
        }
        catch (TimeoutException)
        {
            Log.Unavailable(logger, "storage and durable engine", "probes overran their timeout");
            report = null;
        }

        var storage = Serves(report, StorageHealthCheck.Name);
        var engine = Serves(report, DurableEngineHealthCheck.Name);
        var body = new HealthReport(storage && engine ? "ready" : "unavailable", storage ? "ok" : "unavailable", engine ? "ok" : "unavailable");
        if (storage && engine)
        {
            return Results.Ok(body);
        }

        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(resilience.Value.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Registers the endpoint and its checks, each given <see cref="ResilienceOptions.HealthProbeTimeout"/>.</summary>
    internal static void Register(IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>(StorageHealthCheck.Name)
            .AddCheck<DurableEngineHealthCheck>(DurableEngineHealthCheck.Name);
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<ResilienceOptions>>((options, resilience) =>
        {
            foreach (var registration in options.Registrations)
            {
                registration.Timeout = resilience.Value.HealthProbeTimeout;
            }
        });
        services.AddSingleton<HealthEndpoint>();
    }

    private static bool Serves(Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport? report, string part) =>
        report is not null && report.Entries.TryGetValue(part, out var entry) && entry.Status == HealthStatus.Healthy;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Health probe of {Part} failed ({ExceptionType})")]
        public static partial void Unavailable(ILogger logger, string part, string exceptionType);
    }
}

/// <summary>The health answer.</summary>
public sealed record HealthReport(string Status, string Storage, string Durable);
