using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// Durable triggers: thin wrappers that run the host-neutral orchestrator and activities under the same task names
/// the local host registers (<see cref="ReferralTasks"/>).
/// </summary>
public static class WorkflowFunctions
{
    [Function(nameof(ReferralOrchestrator))]
    public static Task<ReferralWorkflowResult> RunReferralOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ReferralOrchestrator().RunAsync(context, context.GetInput<ReferralWorkflowInput>()!);

    [Function(nameof(LoadWorkflowTimingsActivity))]
    public static Task<WorkflowTimings> LoadWorkflowTimings([ActivityTrigger] string input, FunctionContext context) =>
        Run<LoadWorkflowTimingsActivity, string, WorkflowTimings>(context, input);

    [Function(nameof(RecordStageActivity))]
    public static Task<bool> RecordStage([ActivityTrigger] StageChange input, FunctionContext context) =>
        Run<RecordStageActivity, StageChange, bool>(context, input);

    [Function(nameof(PrepareValidationActivity))]
    public static Task<int> PrepareValidation([ActivityTrigger] string input, FunctionContext context) =>
        Run<PrepareValidationActivity, string, int>(context, input);

    [Function(nameof(AssessRiskActivity))]
    public static Task<TriageProposal> AssessRisk([ActivityTrigger] AssessRiskInput input, FunctionContext context) =>
        Run<AssessRiskActivity, AssessRiskInput, TriageProposal>(context, input);

    [Function(nameof(NotifyAgenciesActivity))]
    public static Task<int> NotifyAgencies([ActivityTrigger] NotifyAgenciesInput input, FunctionContext context) =>
        Run<NotifyAgenciesActivity, NotifyAgenciesInput, int>(context, input);

    [Function(nameof(SendReminderActivity))]
    public static Task<bool> SendReminder([ActivityTrigger] ReminderRequest input, FunctionContext context) =>
        Run<SendReminderActivity, ReminderRequest, bool>(context, input);

    [Function(nameof(FindAcceptedDecisionActivity))]
    public static Task<StaffDecision?> FindAcceptedDecision([ActivityTrigger] DecisionLookup input, FunctionContext context) =>
        Run<FindAcceptedDecisionActivity, DecisionLookup, StaffDecision?>(context, input);

    [Function(nameof(LoadResumePointActivity))]
    public static Task<ResumePoint> LoadResumePoint([ActivityTrigger] string input, FunctionContext context) =>
        Run<LoadResumePointActivity, string, ResumePoint>(context, input);

    [Function(nameof(RecordWorkflowErrorActivity))]
    public static Task<bool> RecordWorkflowError([ActivityTrigger] WorkflowError input, FunctionContext context) =>
        Run<RecordWorkflowErrorActivity, WorkflowError, bool>(context, input);

    private static Task<TOutput> Run<TActivity, TInput, TOutput>(FunctionContext context, TInput input)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices)
            .RunAsync(new FunctionActivityContext(typeof(TActivity).Name, OrchestrationInstanceId(context)), input);

    /// <summary>
    /// The instance id of the orchestration that scheduled this activity (the referral's reference): the activity
    /// trigger's binding data carries it as <c>instanceId</c>. The invocation id is the function run's own id, not it.
    /// </summary>
    internal static string OrchestrationInstanceId(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("instanceId", out var id) && id?.ToString() is { Length: > 0 } instanceId
            ? instanceId
            : throw new InvalidOperationException("The activity trigger's binding data has no instanceId.");

    /// <summary>The activity context the shared activities expect, built from the Functions invocation.</summary>
    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
