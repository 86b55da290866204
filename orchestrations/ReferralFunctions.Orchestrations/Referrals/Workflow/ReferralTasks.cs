using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>Registers every orchestrator and activity of the referral workflow with a durable worker.</summary>
public static class ReferralTasks
{
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<ReferralOrchestrator>();
        registry.AddActivity<RecordStageActivity>();
    }
}
