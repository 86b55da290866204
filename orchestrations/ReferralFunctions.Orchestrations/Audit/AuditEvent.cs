namespace ReferralFunctions.Audit;

/// <summary>
/// Something to put on the audit trail: who did what to which referral, when and why. Never the confidential content:
/// ids, kinds, roles and stated purposes only.
/// </summary>
/// <param name="Actor">A staff user id, <c>carrier:{id}</c>, or <c>system</c>.</param>
/// <param name="Role">The capacity the actor acted in: a staff role, <c>carrier</c> or <c>system</c>.</param>
/// <param name="Action">What happened, from <see cref="AuditActions"/>.</param>
/// <param name="ReferralId">The referral concerned, or empty.</param>
/// <param name="Purpose">Why: the purpose stated by the caller, or the step the action belongs to.</param>
/// <param name="Detail">Non-confidential particulars, e.g. a decision id and kind.</param>
/// <param name="DedupeKey">When set, a second event with the same key is not recorded again (retries).</param>
public sealed record AuditEvent(string Actor, string Role, string Action, string ReferralId, string Purpose, string? Detail = null, string? DedupeKey = null);

/// <summary>One entry of the chain: the event, its place and time, and the hashes that link it to the one before.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Role,
    string Action,
    string ReferralId,
    string Purpose,
    string? Detail,
    string PreviousHash,
    string Hash);

/// <summary>The result of checking the chain.</summary>
/// <param name="Intact">True when every entry is present, unaltered and in order.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="HeadHash">The hash of the last entry: record it elsewhere to detect a rewrite of the whole chain.</param>
/// <param name="BrokenAt">The first sequence number where the chain does not hold, if any.</param>
/// <param name="Problem">What is wrong there.</param>
public sealed record AuditVerification(bool Intact, long Entries, string HeadHash, long? BrokenAt, string? Problem);

/// <summary>The actions on the audit trail.</summary>
public static class AuditActions
{
    public const string ReferralReceived = "referral.received";
    public const string ReferralRead = "referral.read";
    public const string FeedbackRead = "feedback.read";
    public const string MessagesRead = "messages.read";
    public const string QuestionAdded = "question.added";
    public const string Decision = "decision";
    public const string DisclosureRequested = "disclosure.requested";
    public const string DisclosureApproved = "disclosure.approved";
    public const string DisclosureRefused = "disclosure.refused";
    public const string ReferrerRevealed = "referrer.revealed";
    public const string HistoryPurged = "history.purged";
    public const string ReferralDeleted = "referral.deleted";
    public const string WorkflowRepaired = "workflow.repaired";
    public const string AuditRead = "audit.read";
    public const string TablesExported = "tables.exported";
    public const string TablesRestored = "tables.restored";
}
