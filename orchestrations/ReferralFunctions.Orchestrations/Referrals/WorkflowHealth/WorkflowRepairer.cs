using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.WorkflowHealth;

/// <summary>
/// Carries a referral's broken workflow on: ends a stuck orchestration, clears its history, and starts it again under
/// the same instance id in resume mode, so the new run picks up at the stage stored in Table Storage and repeats no
/// step already done (<see cref="ResumePoint"/>). Safe to repeat: an orchestration started by this repair is left alone.
/// </summary>
public sealed partial class WorkflowRepairer(ILogger<WorkflowRepairer> logger)
{
    /// <summary>How long a stuck orchestration is given to take its termination before the repair is answered "try again".</summary>
    public static readonly TimeSpan TerminateWait = TimeSpan.FromSeconds(15);

    /// <summary>Restarts the workflow in resume mode unless an orchestration started at or after <paramref name="repairedAt"/> runs already.</summary>
    public async Task RestartAsync(DurableTaskClient durable, string reference, DateTimeOffset repairedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var instance = await durable.GetInstanceAsync(reference, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is not null && instance.CreatedAt >= repairedAt.AddSeconds(-1))
        {
            // This repair's run (a repeat of the request finds it).
            return;
        }

        if (instance is { IsRunning: true } || instance?.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
        {
            await durable.TerminateInstanceAsync(reference, new TerminateInstanceOptions { Output = "Ended by a supervisor's workflow repair" }, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TerminateWait);
            await durable.WaitForInstanceCompletionAsync(reference, getInputsAndOutputs: false, wait.Token).ConfigureAwait(false);
        }

        if (instance is not null)
        {
            await durable.PurgeInstanceAsync(reference, cancellation: cancellationToken).ConfigureAwait(false);
        }

        await durable.ScheduleNewOrchestrationInstanceAsync(
            nameof(ReferralOrchestrator),
            new ReferralWorkflowInput(reference, Resume: true),
            new StartOrchestrationOptions(reference),
            cancellationToken).ConfigureAwait(false);
        Log.Restarted(logger, reference, instance?.RuntimeStatus.ToString() ?? "Missing");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "Referral {ReferralId}: workflow restarted in resume mode by a supervisor's repair (was {OrchestrationState})")]
        public static partial void Restarted(ILogger logger, string referralId, string orchestrationState);
    }
}
