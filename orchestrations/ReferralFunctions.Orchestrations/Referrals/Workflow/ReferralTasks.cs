using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>Registers every orchestrator and activity of the referral workflow with a durable worker.</summary>
public static class ReferralTasks
{
    /// <summary>The activity types, for registering them with dependency injection.</summary>
    public static readonly IReadOnlyList<Type> Activities =
    [
        typeof(LoadWorkflowTimingsActivity),
        typeof(RecordStageActivity),
        typeof(PrepareValidationActivity),
        typeof(AssessRiskActivity),
        typeof(NotifyAgenciesActivity),
        typeof(SendReminderActivity),
        typeof(FindAcceptedDecisionActivity),
        typeof(LoadResumePointActivity),
        typeof(RecordWorkflowErrorActivity),
    ];

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<ReferralOrchestrator>();
        foreach (var activity in Activities)
        {
            registry.AddActivity(activity);
        }
    }
}
