namespace ReferralFunctions.Referrals.Intake;

/// <summary>Where the concern was observed.</summary>
public sealed record ReferralLocation
{
    public required string UnLocode { get; init; }

    public string? Facility { get; init; }
}
