using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Http;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 once referral storage and the durable engine answer, 503 (with <c>Retry-After</c>) naming
/// the part that does not. Both are asked at once, each for at most the probe timeout, so the answer comes in time.
/// </summary>
public sealed partial class HealthEndpoint(ReferralTables tables, IOptions<ResilienceOptions> resilience, ILogger<HealthEndpoint> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(durable);
        var storageProbe = ProbeAsync("storage", token => tables.Referrals.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: token), cancellationToken);
        var engineProbe = ProbeAsync("durable", token => durable.GetInstanceAsync("health-probe", token), cancellationToken);
        var storage = await storageProbe.ConfigureAwait(false);
        var engine = await engineProbe.ConfigureAwait(false);
        var body = new HealthReport(storage && engine ? "ready" : "unavailable", storage ? "ok" : "unavailable", engine ? "ok" : "unavailable");
        if (storage && engine)
        {
            return Results.Ok(body);
        }

        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(resilience.Value.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<bool> ProbeAsync<T>(string part, Func<CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(resilience.Value.HealthProbeTimeout);
        try
        {
            await probe(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (Unavailability.IsUnavailable(ex) || ex is Azure.RequestFailedException or InvalidOperationException or Grpc.Core.RpcException))
        {
            // Any failure of a probe means that part cannot serve now (a health check answers, it does not throw).
            Log.Unavailable(logger, part, ex.GetType().Name);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Health probe of {Part} failed ({ExceptionType})")]
        public static partial void Unavailable(ILogger logger, string part, string exceptionType);
    }
}

/// <summary>The health answer.</summary>
public sealed record HealthReport(string Status, string Storage, string Durable);
