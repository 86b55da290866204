using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>The Functions app has a trigger for every orchestrator and activity the local host registers, under the same name.</summary>
public sealed class DurableTaskTableTests
{
    [Fact]
    public void Every_workflow_task_has_a_durable_trigger_in_the_function_app()
    {
        var triggers = typeof(FunctionApp.WorkflowFunctions).GetMethods()
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null || p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .Order()
            .ToArray();

        var tasks = ReferralTasks.Activities.Select(a => a.Name).Append(nameof(ReferralOrchestrator)).Order().ToArray();
        Assert.Equal(tasks, triggers);
    }
}
