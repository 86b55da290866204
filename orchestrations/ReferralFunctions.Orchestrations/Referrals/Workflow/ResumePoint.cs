namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Where a repaired referral's workflow picks up, read from Table Storage by <see cref="LoadResumePointActivity"/>:
/// the stored stage and open decisions, when each stage began (so deadlines stay where they were), the reminders
/// already sent (so none is sent twice), the decisions already acted on, and what triage decided. Ids and structured
/// values only: nothing confidential passes through orchestration history.
/// </summary>
public sealed record ResumePoint(
    ReferralStatus Status,
    string OpenDecisions,
    IReadOnlyList<string> SeenDecisionIds,
    IReadOnlyDictionary<string, DateTime> StageStarted,
    IReadOnlyDictionary<string, int> RemindersSent,
    bool Validated,
    string? Priority,
    IReadOnlyList<string> Agencies,
    bool FeedbackDrafted)
{
    /// <summary>When <paramref name="status"/> was first recorded, or null if never.</summary>
    public DateTime? Started(ReferralStatus status) => StageStarted.TryGetValue(status.ToString(), out var at) ? at : null;

    /// <summary>The highest sequence of <paramref name="kind"/> already sent (0 when none).</summary>
    public int Sent(string kind) => RemindersSent.TryGetValue(kind, out var sequence) ? sequence : 0;
}
