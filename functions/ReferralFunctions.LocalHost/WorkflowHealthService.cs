using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ReferralFunctions.Referrals.WorkflowHealth;

namespace ReferralFunctions.LocalHost;

/// <summary>The local host's schedule for the shared workflow health check: every <see cref="WorkflowHealthOptions.Interval"/>.</summary>
public sealed partial class WorkflowHealthService(
    WorkflowHealthCheck health,
    DurableTaskClient durable,
    TimeProvider time,
    IOptions<WorkflowHealthOptions> options,
    ILogger<WorkflowHealthService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await health.SweepAsync(durable, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage or the engine may be down: the next tick looks again, and every escalation is keyed (sent once).
                Log.CheckFailed(logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Workflow health check failed; it runs again at the next interval")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
