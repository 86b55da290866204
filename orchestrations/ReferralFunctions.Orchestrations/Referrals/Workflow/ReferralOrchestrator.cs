using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Carries one referral (instance id = referral id) through its workflow. Deterministic: time, ids and waits come from
/// the orchestration context only.
/// </summary>
[DurableTask(nameof(ReferralOrchestrator))]
public sealed class ReferralOrchestrator : TaskOrchestrator<ReferralWorkflowInput, ReferralWorkflowResult>
{
    /// <summary>The actor recorded on the timeline for steps the system takes by itself.</summary>
    public const string SystemActor = "system";

    public override async Task<ReferralWorkflowResult> RunAsync(TaskOrchestrationContext context, ReferralWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        await MoveToAsync(context, input.ReferralId, ReferralStatus.AwaitingTriage, SystemActor, "Referral received and queued for triage");

        // Triage grows from here: the next stage waits for an analyst's decision.
        var decision = await context.WaitForExternalEvent<TriageDecision>(ReferralEvents.TriageDecided);
        await MoveToAsync(context, input.ReferralId, ReferralStatus.Triaged, decision.DecidedBy, "Triage decided");

        return new ReferralWorkflowResult(input.ReferralId, ReferralStatus.Triaged);
    }

    private static async Task MoveToAsync(TaskOrchestrationContext context, string referralId, ReferralStatus status, string actor, string action)
    {
        var change = new StageChange(referralId, context.NewGuid().ToString("N"), context.CurrentUtcDateTime, actor, action, status);
        await context.CallActivityAsync<bool>(nameof(RecordStageActivity), change);
        context.SetCustomStatus(new ReferralWorkflowStatus(status));
    }
}
