using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Referrals.Decisions;

/// <summary>
/// Every staff decision step of the workflow: who decides it and the event it becomes. Each step's body is checked by
/// its schema, <c>docs/contract/answers/decision-{step}.schema.json</c> (<see cref="DecisionStep.Schema"/>).
/// </summary>
public static class DecisionSteps
{
    public static readonly IReadOnlyList<string> Priorities = global::ReferralFunctions.Referrals.Triage.Priorities.All;

    public static readonly DecisionStep Validation = new("validation", StaffRoles.Analyst, DecisionKinds.Validation,
        (r, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.Validation, actor, DecisionChoices.MarkedByAnalyst));

    // Only an override changes the proposed priority or agencies.
    public static readonly DecisionStep Triage = new("triage", StaffRoles.Analyst, DecisionKinds.Triage, (r, actor) =>
        new StaffDecision(r.DecisionId!, DecisionKinds.Triage, actor, r.Decision, r.Decision == DecisionChoices.Override ? r.Priority : null, r.Decision == DecisionChoices.Override ? r.Agencies : null));

    public static readonly DecisionStep Treatment = new("treatment", StaffRoles.Analyst, DecisionKinds.Treatment,
        (r, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.Treatment, actor, r.Treatment));

    public static readonly DecisionStep Outcome = new("outcome", StaffRoles.Analyst, DecisionKinds.Outcome,
        (r, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.Outcome, actor, r.Result, FollowUps: r.FollowUpActions ?? []));

    public static readonly DecisionStep Feedback = new("feedback", StaffRoles.Coordinator, DecisionKinds.FeedbackDraft,
        (r, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.FeedbackDraft, actor));

    public static readonly DecisionStep FeedbackClearance = new("feedback-clearance", StaffRoles.Supervisor, DecisionKinds.FeedbackClearance,
        (r, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.FeedbackClearance, actor, r.Decision));

    public static readonly DecisionStep AnalysisSchedule = new("analysis-schedule", StaffRoles.Coordinator, DecisionKinds.AnalysisScheduled,
        (r, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.AnalysisScheduled, actor, ScheduledFor: r.ScheduledFor));

    public static readonly DecisionStep Analysis = new("analysis", StaffRoles.Coordinator, DecisionKinds.AnalysisRecorded,
        (r, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.AnalysisRecorded, actor));

    public static readonly IReadOnlyList<DecisionStep> All = [Validation, Triage, Treatment, Outcome, Feedback, FeedbackClearance, AnalysisSchedule, Analysis];
}
