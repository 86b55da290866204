using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// Durable triggers: thin wrappers that run the host-neutral orchestrator and activities under the same task names
/// the local host registers (<see cref="ReferralTasks"/>). The Worker SDK finds functions by their attributes, so each
/// task keeps a one-line trigger; FunctionTriggerParityTests keeps them and the registered tasks identical.
/// </summary>
public static class WorkflowFunctions
{
    [Function(nameof(ReferralOrchestrator))]
    public static Task<ReferralWorkflowResult> RunReferralOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ReferralOrchestrator().RunAsync(context, context.GetInput<ReferralWorkflowInput>()!);

    [Function(nameof(LoadWorkflowTimingsActivity))]
    public static Task<WorkflowTimings> LoadWorkflowTimings([ActivityTrigger] string input, FunctionContext context) => Run<WorkflowTimings>(input, context);

    [Function(nameof(RecordStageActivity))]
    public static Task<bool> RecordStage([ActivityTrigger] StageChange input, FunctionContext context) => Run<bool>(input, context);

    [Function(nameof(PrepareValidationActivity))]
    public static Task<int> PrepareValidation([ActivityTrigger] string input, FunctionContext context) => Run<int>(input, context);

    [Function(nameof(AssessRiskActivity))]
    public static Task<TriageProposal> AssessRisk([ActivityTrigger] AssessRiskInput input, FunctionContext context) => Run<TriageProposal>(input, context);

    [Function(nameof(NotifyAgenciesActivity))]
    public static Task<int> NotifyAgencies([ActivityTrigger] NotifyAgenciesInput input, FunctionContext context) => Run<int>(input, context);

    [Function(nameof(SendReminderActivity))]
    public static Task<bool> SendReminder([ActivityTrigger] ReminderRequest input, FunctionContext context) => Run<bool>(input, context);

    [Function(nameof(FindAcceptedDecisionActivity))]
    public static Task<StaffDecision?> FindAcceptedDecision([ActivityTrigger] DecisionLookup input, FunctionContext context) => Run<StaffDecision?>(input, context);

    [Function(nameof(LoadResumePointActivity))]
    public static Task<ResumePoint> LoadResumePoint([ActivityTrigger] string input, FunctionContext context) => Run<ResumePoint>(input, context);

    [Function(nameof(RecordWorkflowErrorActivity))]
    public static Task<bool> RecordWorkflowError([ActivityTrigger] WorkflowError input, FunctionContext context) => Run<bool>(input, context);

    /// <summary>
    /// Runs the activity registered under the function's name (<see cref="ReferralTasks.Activities"/>), resolved from the
    /// invocation's services as the local host's worker does, with an activity context built from the invocation.
    /// </summary>
    private static async Task<TOutput> Run<TOutput>(object? input, FunctionContext context)
    {
        var name = context.FunctionDefinition.Name;
        var type = ReferralTasks.Activities.Single(a => a.Name == name);
        var activity = (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(context.InstanceServices, type);
        return (TOutput)(await activity.RunAsync(new FunctionActivityContext(name, OrchestrationInstanceId(context)), input).ConfigureAwait(false))!;
    }

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
