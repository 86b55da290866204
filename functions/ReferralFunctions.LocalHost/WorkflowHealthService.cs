using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ReferralFunctions.Referrals.WorkflowHealth;

namespace ReferralFunctions.LocalHost;

/// <summary>The local host's schedule for the shared workflow health check: every <see cref="WorkflowHealthOptions.Interval"/>.</summary>
public sealed class WorkflowHealthService(
    WorkflowHealthCheck health,
    DurableTaskClient durable,
    TimeProvider time,
    IOptions<WorkflowHealthOptions> options,
    ILogger<WorkflowHealthService> logger) : PeriodicSweepService(options.Value.Interval, time, logger)
{
    protected override string Name => "Workflow health check";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => health.SweepAsync(durable, cancellationToken);
}
