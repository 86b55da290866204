namespace ReferralFunctions.Referrals.Intake;

/// <summary>An indicator the carrier declares, by code from the <see cref="IndicatorCatalogue"/>.</summary>
public sealed record DeclaredIndicator
{
    public required string Code { get; init; }

    public string? Detail { get; init; }
}
