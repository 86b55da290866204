using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Retention;

namespace ReferralFunctions.FunctionApp;

/// <summary>Runs the shared retention sweep nightly (02:30 UTC); the local host runs the same sweep on an interval.</summary>
public sealed class RetentionFunctions(RetentionSweep sweep)
{
    [Function(nameof(RetentionSweep))]
    public Task<RetentionResult> Run(
        [TimerTrigger("0 30 2 * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return sweep.RunAsync(durable, context.CancellationToken);
    }
}
