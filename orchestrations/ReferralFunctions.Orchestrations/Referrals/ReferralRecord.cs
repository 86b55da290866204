namespace ReferralFunctions.Referrals;

/// <summary>A stored referral: its identity, where it stands, and what was received.</summary>
/// <param name="Id">The reference number, also the orchestration instance id.</param>
/// <param name="CarrierId">
/// The carrier that submitted it; only that carrier may read it. In memory only: storage holds it encrypted, and
/// <see cref="CarrierLookup"/> for look-ups.
/// </param>
/// <param name="ContentSha256">Lower-case hex SHA-256 of the body exactly as received.</param>
/// <param name="Warnings">Data-quality warnings given to the carrier at intake.</param>
/// <param name="DerivedIndicators">Indicators the system derived from the data, kept for triage.</param>
/// <param name="DeclaredIndicators">Indicator codes the carrier declared.</param>
public sealed record ReferralRecord(
    string Id,
    string CarrierId,
    ReferralStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    string Category,
    string ContentSha256,
    int ContentLength,
    string IndicatorCatalogueVersion,
    IReadOnlyList<string> DeclaredIndicators,
    IReadOnlyList<IntakeFinding> DerivedIndicators,
    IReadOnlyList<IntakeFinding> Warnings,
    string ETag = "")
{
    /// <summary>The carrier's keyed look-up value as stored (<c>Confidentiality.CarrierLookup</c>): what ownership checks compare.</summary>
    public string CarrierLookup { get; init; } = "";

    /// <summary>The decision kinds the workflow waits for now (empty when it waits for none).</summary>
    public IReadOnlyList<string> OpenDecisions { get; init; } = [];

    /// <summary>Non-confidential workflow facts: ProposedPriority, Priority, ValidationOutcome, Treatment, OutcomeResult…</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>();

    /// <summary>The last decision accepted; while no decision is open again, the workflow has yet to act on it.</summary>
    public string? LastDecisionId { get; init; }

    public string? Fact(string name) => Facts.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

/// <summary>A decision as stored: the event raised to the workflow and its confidential details (reasons, text).</summary>
public sealed record DecisionRecord(string DecisionId, string Kind, string Actor, DateTimeOffset At, string EventJson, string DetailsJson);

/// <summary>A validation question Customs asks the carrier.</summary>
public sealed record ValidationQuestion(string QuestionId, string? Path, string Text, string AskedBy, DateTimeOffset AskedAt);

/// <summary>A finding about one field of a submission: a JSON path and what was found there.</summary>
public sealed record IntakeFinding(string Path, string Code, string Message);

/// <summary>One step on a referral's timeline: who did what, when.</summary>
public sealed record TimelineEntry(string EntryId, DateTimeOffset At, string Actor, string Action, ReferralStatus Status, string? Note = null);

/// <summary>Whether a decision was accepted, and the referral's new ETag when it was.</summary>
public sealed record DecisionAcceptance(bool Accepted, string? ETag);

/// <summary>
/// A request to reveal the referrer to one agency, and its approval or refusal. Until a supervisor other than the
/// requester approves it, nothing about the referrer leaves Customs.
/// </summary>
public sealed record DisclosureRecord(
    string DisclosureId,
    string Agency,
    string LegalBasis,
    string Purpose,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string State,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? ETag = null);

/// <summary>The states of a <see cref="DisclosureRecord"/>.</summary>
public static class DisclosureStates
{
    public const string AwaitingApproval = "awaiting-approval";
    public const string Approved = "approved";
    public const string Refused = "refused";
}

/// <summary>What the retention sweep reads of a referral.</summary>
public sealed record RetentionCandidate(string Id, ReferralStatus Status, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, string? HistoryPurgedAt);

/// <summary>What a re-encryption pass found and did: values per key id before it ran, and how many it rewrote.</summary>
public sealed record RewrapResult(string CurrentKeyId, IReadOnlyDictionary<string, int> ValuesByKeyBefore, int Rewritten);

/// <summary>A referral not yet closed, as the workflow health check needs it.</summary>
public sealed record OpenReferral(string Id, ReferralStatus Status, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, int Repairs)
{
    /// <summary>What made its workflow fail last, as the workflow recorded it (cleared by a repair).</summary>
    public WorkflowErrorRecord? LastError { get; init; }
}

/// <summary>The step a workflow failed at and the type of the error (never its message).</summary>
public sealed record WorkflowErrorRecord(string FailedStep, string ErrorType);

/// <summary>A supervisor's repair of a referral's workflow: what was wrong, and why it was repaired (confidential: encrypted).</summary>
public sealed record WorkflowRepairRecord(
    string RepairId,
    string Actor,
    DateTimeOffset At,
    string Problem,
    string OrchestrationState,
    string? ErrorType,
    ReferralStatus Status,
    string Reason);

/// <summary>A staff member was shown who referred: who, in which role, when and why (listed for supervisors).</summary>
public sealed record ReferrerReveal(string RevealId, string Actor, string Role, DateTimeOffset At, string Purpose);
