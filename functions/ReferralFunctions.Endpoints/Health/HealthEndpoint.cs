using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Health;

/// <summary><c>GET /api/health</c>: 200 once referral storage and the durable engine answer, 503 otherwise.</summary>
public sealed partial class HealthEndpoint(ReferralTables tables, ILogger<HealthEndpoint> logger)
{
    public async Task<IResult> HandleAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var storage = await ProbeAsync("storage", () => tables.Referrals.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var engine = await ProbeAsync("durable", () => durable.GetInstanceAsync("health-probe", cancellationToken)).ConfigureAwait(false);
        var body = new HealthReport(storage && engine ? "ready" : "unavailable", storage ? "ok" : "unavailable", engine ? "ok" : "unavailable");
        return storage && engine ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<bool> ProbeAsync<T>(string part, Func<Task<T>> probe)
    {
        try
        {
            await probe().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or InvalidOperationException or Grpc.Core.RpcException or HttpRequestException)
        {
            Log.Unavailable(logger, part, ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Health probe of {Part} failed")]
        public static partial void Unavailable(ILogger logger, string part, Exception exception);
    }
}

/// <summary>The health answer.</summary>
public sealed record HealthReport(string Status, string Storage, string Durable);
