using Microsoft.DurableTask.Client;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>Waits on orchestrations the way an observer would: by polling their state.</summary>
public static class Workflow
{
    public static async Task<OrchestrationMetadata> WaitForStageAsync(this DurableTaskClient client, string instanceId, ReferralStatus stage, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        OrchestrationMetadata? last = null;
        while (!cts.IsCancellationRequested)
        {
            last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, CancellationToken.None);
            if (last?.ReadCustomStatusAs<ReferralWorkflowStatus>()?.Stage == stage)
            {
                return last;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"{instanceId} did not reach {stage}; last seen {last?.RuntimeStatus} {last?.SerializedCustomStatus}.");
    }
}
