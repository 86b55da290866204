namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// A person's decision, raised to the referral's orchestration as the <see cref="ReferralEvents.Decision"/> event. It
/// carries ids and structured, non-confidential fields only; free text (reasons, findings, answers, feedback) stays in
/// Table Storage under <see cref="DecisionId"/>. The orchestration acts on a decision id once.
/// </summary>
public sealed record StaffDecision(
    string DecisionId,
    string Kind,
    string Actor,
    string? Choice = null,
    string? Priority = null,
    IReadOnlyList<string>? Agencies = null,
    IReadOnlyList<string>? FollowUps = null,
    DateTimeOffset? ScheduledFor = null);

/// <summary>The kinds of decision, each the answer to one step the workflow waits on.</summary>
public static class DecisionKinds
{
    /// <summary>The carrier answered the validation questions, or an analyst marked the referral validated.</summary>
    public const string Validation = "validation";

    /// <summary>An analyst approved the proposed triage or overrode it (Choice = approve | override).</summary>
    public const string Triage = "triage";

    /// <summary>An analyst chose the treatment (Choice = the treatment).</summary>
    public const string Treatment = "treatment";

    /// <summary>An analyst recorded the outcome (Choice = positive | negative; FollowUps).</summary>
    public const string Outcome = "outcome";

    /// <summary>The coordinator drafted feedback for the referrer.</summary>
    public const string FeedbackDraft = "feedback-draft";

    /// <summary>A supervisor cleared the draft for release (Choice = release) or returned it (Choice = return).</summary>
    public const string FeedbackClearance = "feedback-clearance";

    /// <summary>The coordinator scheduled post-incident analysis with the carrier (ScheduledFor).</summary>
    public const string AnalysisScheduled = "analysis-scheduled";

    /// <summary>The coordinator recorded the analysis' findings and lessons.</summary>
    public const string AnalysisRecorded = "analysis-recorded";
}

/// <summary>Names of the external events a referral's orchestration waits for.</summary>
public static class ReferralEvents
{
    /// <summary>Every person's decision arrives under this one name; its <see cref="StaffDecision.Kind"/> says which.</summary>
    public const string Decision = nameof(Decision);
}

/// <summary>The <see cref="StaffDecision.Choice"/> values the workflow acts on, by decision kind.</summary>
public static class DecisionChoices
{
    /// <summary>Validation: the carrier confirmed the referral.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Validation: the carrier did not confirm it.</summary>
    public const string NotConfirmed = "not-confirmed";

    /// <summary>Validation: an analyst marked it validated.</summary>
    public const string MarkedByAnalyst = "analyst";

    /// <summary>Triage: the proposal stands.</summary>
    public const string Approve = "approve";

    /// <summary>Triage: the analyst changed the priority, the agencies, or both.</summary>
    public const string Override = "override";

    /// <summary>Outcome: something was found.</summary>
    public const string Positive = "positive";

    /// <summary>Outcome: nothing was found.</summary>
    public const string Negative = "negative";

    /// <summary>Feedback clearance: released to the carrier.</summary>
    public const string Release = "release";

    /// <summary>Feedback clearance: returned to the coordinator.</summary>
    public const string Return = "return";
}
