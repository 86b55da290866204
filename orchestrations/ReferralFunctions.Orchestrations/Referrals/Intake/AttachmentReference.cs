namespace ReferralFunctions.Referrals.Intake;

/// <summary>Evidence held by the carrier, referred to rather than sent inline.</summary>
public sealed record AttachmentReference
{
    public required string Reference { get; init; }

    public string? MediaType { get; init; }

    public string? Description { get; init; }

    /// <summary>SHA-256 of the content as 64 lowercase hex digits.</summary>
    public string? Sha256 { get; init; }
}
