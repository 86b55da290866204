using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Referrals.Decisions;

/// <summary>Every staff decision step of the workflow, with its checks.</summary>
public static class DecisionSteps
{
    public static readonly IReadOnlyList<string> Priorities = global::ReferralFunctions.Referrals.Triage.Priorities.All;

    public static readonly IReadOnlyList<string> Treatments = global::ReferralFunctions.Referrals.Triage.Treatments.All;

    public static readonly IReadOnlyList<string> FollowUpActions =
        ["declare-container-abandoned", "release-container", "refer-to-police", "hold-for-investigation", "notify-carrier-of-risk"];

    public static readonly DecisionStep Validation = new("validation", StaffRoles.Analyst, DecisionKinds.Validation,
        (r, errors, actor) => new StaffDecision(r.DecisionId!, DecisionKinds.Validation, actor, DecisionChoices.MarkedByAnalyst));

    public static readonly DecisionStep Triage = new("triage", StaffRoles.Analyst, DecisionKinds.Triage, (r, errors, actor) =>
    {
        OneOf(r.Decision, "$.decision", [DecisionChoices.Approve, DecisionChoices.Override], errors);
        if (r.Decision == DecisionChoices.Override)
        {
            Required(r.Reason, "$.reason", errors, "is required to override the proposed triage");
            if (r.Priority is null && r.Agencies is null)
            {
                errors.Add(new FieldError("$.priority", "an override changes the priority, the agencies, or both"));
            }
        }

        if (r.Priority is not null) OneOf(r.Priority, "$.priority", Priorities, errors);
        return new StaffDecision(r.DecisionId!, DecisionKinds.Triage, actor, r.Decision, r.Decision == DecisionChoices.Override ? r.Priority : null, r.Decision == DecisionChoices.Override ? r.Agencies : null);
    });

    public static readonly DecisionStep Treatment = new("treatment", StaffRoles.Analyst, DecisionKinds.Treatment, (r, errors, actor) =>
    {
        OneOf(r.Treatment, "$.treatment", Treatments, errors);
        Required(r.Reason, "$.reason", errors);
        return new StaffDecision(r.DecisionId!, DecisionKinds.Treatment, actor, r.Treatment);
    });

    public static readonly DecisionStep Outcome = new("outcome", StaffRoles.Analyst, DecisionKinds.Outcome, (r, errors, actor) =>
    {
        OneOf(r.Result, "$.result", [DecisionChoices.Positive, DecisionChoices.Negative], errors);
        Required(r.Findings, "$.findings", errors);
        foreach (var (action, i) in (r.FollowUpActions ?? []).Select((a, i) => (a, i)))
        {
            OneOf(action, $"$.followUpActions[{i}]", FollowUpActions, errors);
        }

        return new StaffDecision(r.DecisionId!, DecisionKinds.Outcome, actor, r.Result, FollowUps: r.FollowUpActions ?? []);
    });

    public static readonly DecisionStep Feedback = new("feedback", StaffRoles.Coordinator, DecisionKinds.FeedbackDraft, (r, errors, actor) =>
    {
        Required(r.Text, "$.text", errors);
        return new StaffDecision(r.DecisionId!, DecisionKinds.FeedbackDraft, actor);
    });

    public static readonly DecisionStep FeedbackClearance = new("feedback-clearance", StaffRoles.Supervisor, DecisionKinds.FeedbackClearance, (r, errors, actor) =>
    {
        OneOf(r.Decision, "$.decision", [DecisionChoices.Release, DecisionChoices.Return], errors);
        if (r.Decision == DecisionChoices.Return) Required(r.Reason, "$.reason", errors, "is required to return feedback");
        return new StaffDecision(r.DecisionId!, DecisionKinds.FeedbackClearance, actor, r.Decision);
    });

    public static readonly DecisionStep AnalysisSchedule = new("analysis-schedule", StaffRoles.Coordinator, DecisionKinds.AnalysisScheduled, (r, errors, actor) =>
    {
        if (r.ScheduledFor is null) errors.Add(new FieldError("$.scheduledFor", "is required (date-time)"));
        return new StaffDecision(r.DecisionId!, DecisionKinds.AnalysisScheduled, actor, ScheduledFor: r.ScheduledFor);
    });

    public static readonly DecisionStep Analysis = new("analysis", StaffRoles.Coordinator, DecisionKinds.AnalysisRecorded, (r, errors, actor) =>
    {
        Required(r.Findings, "$.findings", errors);
        Required(r.Lessons, "$.lessons", errors);
        return new StaffDecision(r.DecisionId!, DecisionKinds.AnalysisRecorded, actor);
    });

    public static readonly IReadOnlyList<DecisionStep> All = [Validation, Triage, Treatment, Outcome, Feedback, FeedbackClearance, AnalysisSchedule, Analysis];

    private static void Required(string? value, string path, List<FieldError> errors, string message = "is required")
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(path, message));
        else if (value.Length > 10_000) errors.Add(new FieldError(path, "must be at most 10000 characters"));
    }

    private static void OneOf(string? value, string path, IReadOnlyList<string> allowed, List<FieldError> errors)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(new FieldError(path, "must be one of: " + string.Join(", ", allowed)));
        }
    }
}
