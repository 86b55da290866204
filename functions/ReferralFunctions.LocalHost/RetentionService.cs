using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ReferralFunctions.Retention;

namespace ReferralFunctions.LocalHost;

/// <summary>The local host's schedule for the shared retention sweep: every <see cref="RetentionOptions.SweepInterval"/>.</summary>
public sealed class RetentionService(
    RetentionSweep sweep,
    DurableTaskClient durable,
    TimeProvider time,
    IOptions<RetentionOptions> options,
    ILogger<RetentionService> logger) : PeriodicSweepService(options.Value.SweepInterval, time, logger)
{
    protected override string Name => "Retention sweep";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(durable, cancellationToken);
}
