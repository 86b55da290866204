namespace ReferralFunctions.Referrals.Intake;

/// <summary>The vessel that carried the shipment.</summary>
public sealed record VesselDetails
{
    public string? Name { get; init; }

    /// <summary>7-digit IMO ship identification number.</summary>
    public string? ImoNumber { get; init; }

    public string? Voyage { get; init; }
}
