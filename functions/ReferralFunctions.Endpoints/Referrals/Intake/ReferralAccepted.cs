using ReferralFunctions.Http;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>The 202 answer to an accepted submission.</summary>
public sealed record ReferralAccepted(
    string Reference,
    string Status,
    string Location,
    ReferralReceipt Receipt,
    IReadOnlyList<FieldError> Warnings);

/// <summary>
/// What the carrier can keep as proof of submission: what was received, when, and a digest of the exact bytes.
/// The carrier can recompute <see cref="ContentSha256"/> over the body it sent.
/// </summary>
public sealed record ReferralReceipt(
    string Reference,
    string CarrierId,
    DateTimeOffset ReceivedAt,
    string IdempotencyKey,
    string ContentSha256,
    int ContentLength,
    string Category,
    string IndicatorCatalogueVersion,
    IReadOnlyList<string> IndicatorCodes,
    IReadOnlyList<string> ContainerNumbers,
    int PartyCount,
    int AttachmentCount);
