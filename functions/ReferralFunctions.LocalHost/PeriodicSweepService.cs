namespace ReferralFunctions.LocalHost;

/// <summary>
/// Runs one of the shared sweeps on an interval in the local host, where the Functions app runs it on a timer trigger.
/// A failed run is logged and the next tick tries again: every sweep is safe to repeat.
/// </summary>
public abstract partial class PeriodicSweepService(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The sweep's name, for the log.</summary>
    protected abstract string Name { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage or the engine may be away: the next tick tries again.
                Log.SweepFailed(logger, Name, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Error, Message = "{Sweep} failed; it runs again at the next interval")]
        public static partial void SweepFailed(ILogger logger, string sweep, Exception exception);
    }
}
