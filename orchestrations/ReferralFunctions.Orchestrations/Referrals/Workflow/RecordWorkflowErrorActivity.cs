using Microsoft.DurableTask;
using ReferralFunctions.Referrals.WorkflowHealth;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>What made a workflow fail: the step and the error's type, never its message (which may quote data).</summary>
public sealed record WorkflowError(string ReferralId, string FailedStep, string ErrorType);

/// <summary>
/// Keeps the failing step and error type on the referral row as the workflow fails, for the workflow health check:
/// the engine behind the local host does not hand failure details back to clients.
/// </summary>
[DurableTask(nameof(RecordWorkflowErrorActivity))]
public sealed class RecordWorkflowErrorActivity(WorkflowRepairStore repairs) : TaskActivity<WorkflowError, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, WorkflowError input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await repairs.SetErrorAsync(input.ReferralId, input.FailedStep, input.ErrorType, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
