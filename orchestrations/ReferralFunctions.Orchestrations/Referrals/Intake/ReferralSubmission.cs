namespace ReferralFunctions.Referrals.Intake;

/// <summary>A carrier's referral as submitted; the shape is published in docs/contract/referral.schema.json.</summary>
public sealed record ReferralSubmission
{
    /// <summary>suspicious-shipment, suspicious-activity, suspicious-party, container-integrity or other.</summary>
    public required string Category { get; init; }

    public required string Summary { get; init; }

    /// <summary>Free-text account. Confidential.</summary>
    public string? Narrative { get; init; }

    public required DateTimeOffset ObservedAt { get; init; }

    public required ReferralLocation Location { get; init; }

    public ShipmentDetails? Shipment { get; init; }

    public IReadOnlyList<ReferralParty>? Parties { get; init; }

    public required IReadOnlyList<DeclaredIndicator> Indicators { get; init; }

    /// <summary>Catalogue version the indicator codes come from; null means <see cref="IndicatorCatalogue.CurrentVersion"/>.</summary>
    public string? IndicatorCatalogueVersion { get; init; }

    public required InformationSource Source { get; init; }

    public IReadOnlyList<AttachmentReference>? Attachments { get; init; }

    /// <summary>The reporting person. Confidential.</summary>
    public required ReportingPerson Reporter { get; init; }
}
