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
/// <param name="Algorithm">
/// What sealed it: <see cref="AuditAlgorithms.HmacSha256"/> (keyed), or <see cref="AuditAlgorithms.Sha256"/> for entries
/// written before the chain was keyed.
/// </param>
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
    string Hash,
    string Algorithm = AuditAlgorithms.HmacSha256);

/// <summary>How an entry's hash was made.</summary>
public static class AuditAlgorithms
{
    /// <summary>Unkeyed SHA-256: entries written before the chain was keyed. Anyone with write access could reseal them.</summary>
    public const string Sha256 = "sha256";

    /// <summary>HMAC-SHA256 under <see cref="AuditOptions.ChainKey"/>: only a holder of the key can seal an entry.</summary>
    public const string HmacSha256 = "hmac-sha256";
}

/// <summary>A head of the chain as written to the append-only anchor blobs.</summary>
/// <param name="Sequence">The entry anchored.</param>
/// <param name="Hash">That entry's hash.</param>
/// <param name="At">When the anchor was written.</param>
public sealed record AuditAnchorRecord(long Sequence, string Hash, DateTimeOffset At);

/// <summary>The result of checking the chain and its anchors.</summary>
/// <param name="Intact">True when every entry is present, unaltered and in order, and every anchor matches the chain.</param>
/// <param name="Entries">How many entries were checked and found good.</param>
/// <param name="HeadHash">The hash of the last good entry.</param>
/// <param name="BrokenAt">The first sequence number where the chain does not hold, if any.</param>
/// <param name="Break">What broke there, from <see cref="AuditBreaks"/>.</param>
/// <param name="Problem">What is wrong there, in words.</param>
/// <param name="Anchors">How many anchored heads were checked.</param>
/// <param name="AnchoredThrough">The highest sequence anchored before this check (0 when none).</param>
/// <param name="Anchored">The head this verification anchored (only when intact).</param>
public sealed record AuditVerification(
    bool Intact,
    long Entries,
    string HeadHash,
    long? BrokenAt,
    string? Break,
    string? Problem,
    int Anchors,
    long AnchoredThrough,
    AuditAnchorRecord? Anchored = null);

/// <summary>The kinds of break a verification reports.</summary>
public static class AuditBreaks
{
    /// <summary>An entry is not there (removed from the middle).</summary>
    public const string Missing = "missing";

    /// <summary>An entry does not name the hash of the one before.</summary>
    public const string Unlinked = "unlinked";

    /// <summary>An entry's content does not match its hash (edited without the key), or it names an unknown algorithm.</summary>
    public const string Altered = "altered";

    /// <summary>An unkeyed entry after a keyed one: resealed by someone without the key.</summary>
    public const string Unkeyed = "unkeyed-after-keyed";

    /// <summary>The head row does not name the last entry (entries removed from the end).</summary>
    public const string Head = "head-mismatch";

    /// <summary>An anchored head does not match the chain's entry at that sequence: the chain was rewritten and resealed.</summary>
    public const string AnchorMismatch = "anchor-mismatch";

    /// <summary>The chain is shorter than the highest anchored sequence: entries removed and the head rewound.</summary>
    public const string Truncated = "truncated";

    /// <summary>An anchor line cannot be read.</summary>
    public const string AnchorUnreadable = "anchor-unreadable";
}

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
