namespace ReferralFunctions.Referrals;

/// <summary>A stored referral: its identity, where it stands, and what was received.</summary>
/// <param name="Id">The reference number, also the orchestration instance id.</param>
/// <param name="CarrierId">The carrier that submitted it; only that carrier may read it.</param>
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
    string ETag = "");

/// <summary>A finding about one field of a submission: a JSON path and what was found there.</summary>
public sealed record IntakeFinding(string Path, string Code, string Message);

/// <summary>One step on a referral's timeline: who did what, when.</summary>
public sealed record TimelineEntry(string EntryId, DateTimeOffset At, string Actor, string Action, ReferralStatus Status, string? Note = null);
