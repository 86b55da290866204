namespace ReferralFunctions.Referrals.Intake;

/// <summary>The person making the referral. Confidential: never logged.</summary>
public sealed record ReportingPerson
{
    public required string Name { get; init; }

    public string? Position { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }
}
