using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ReferralFunctions.Retention;

namespace ReferralFunctions.LocalHost;

/// <summary>The local host's schedule for the shared retention sweep: every <see cref="RetentionOptions.SweepInterval"/>.</summary>
public sealed partial class RetentionService(
    RetentionSweep sweep,
    DurableTaskClient durable,
    TimeProvider time,
    IOptions<RetentionOptions> options,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sweep.RunAsync(durable, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; every step of the sweep is safe to repeat.
                Log.SweepFailed(logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Error, Message = "Retention sweep failed; it runs again at the next interval")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
