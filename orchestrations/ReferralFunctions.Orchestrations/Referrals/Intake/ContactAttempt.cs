namespace ReferralFunctions.Referrals.Intake;

/// <summary>An attempt to contact a party; channel is phone, email, visit or other.</summary>
public sealed record ContactAttempt
{
    public required DateTimeOffset At { get; init; }

    public required string Channel { get; init; }

    public string? Outcome { get; init; }
}
