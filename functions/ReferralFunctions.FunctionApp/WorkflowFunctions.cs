using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// Durable triggers: thin wrappers that run the host-neutral orchestrators and activities under the same task names
/// the local host registers.
/// </summary>
public static class WorkflowFunctions
{
    [Function(nameof(ReferralOrchestrator))]
    public static Task<ReferralWorkflowResult> RunReferralOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ReferralOrchestrator().RunAsync(context, context.GetInput<ReferralWorkflowInput>()!);

    [Function(nameof(RecordStageActivity))]
    public static Task<bool> RunRecordStageActivity([ActivityTrigger] StageChange input, FunctionContext context) =>
        Activity<RecordStageActivity>(context).RunAsync(new FunctionActivityContext(nameof(RecordStageActivity), context.InvocationId), input);

    private static T Activity<T>(FunctionContext context)
        where T : class => ActivatorUtilities.GetServiceOrCreateInstance<T>(context.InstanceServices);

    /// <summary>The activity context the shared activities expect, built from the Functions invocation.</summary>
    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
