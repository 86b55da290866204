namespace ReferralFunctions.Referrals.Intake;

/// <summary>The shipment a referral concerns; ports are UN/LOCODEs.</summary>
public sealed record ShipmentDetails
{
    /// <summary>ISO 6346 container numbers.</summary>
    public IReadOnlyList<string>? ContainerNumbers { get; init; }

    public IReadOnlyList<string>? SealNumbers { get; init; }

    public string? BillOfLading { get; init; }

    public string? BookingNumber { get; init; }

    public VesselDetails? Vessel { get; init; }

    public string? PortOfLoading { get; init; }

    public string? PortOfDischarge { get; init; }

    public string? PlaceOfDelivery { get; init; }

    public DateTimeOffset? ArrivedAt { get; init; }

    public DateTimeOffset? LastGateInAt { get; init; }

    public DateTimeOffset? LastGateOutAt { get; init; }

    public int? DaysUncollected { get; init; }

    public string? DeclaredGoods { get; init; }

    /// <summary>Harmonized System code of 4, 6, 8 or 10 digits.</summary>
    public string? HsCode { get; init; }

    public decimal? GrossWeightKg { get; init; }
}
