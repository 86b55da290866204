using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Referrals.WorkflowHealth;

namespace ReferralFunctions.FunctionApp;

/// <summary>Runs the shared workflow health check every five minutes; the local host runs the same check on an interval.</summary>
public sealed class WorkflowHealthFunctions(WorkflowHealthCheck health)
{
    [Function(nameof(WorkflowHealthCheck))]
    public async Task Run(
        [TimerTrigger("0 */5 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await health.SweepAsync(durable, context.CancellationToken).ConfigureAwait(false);
    }
}
