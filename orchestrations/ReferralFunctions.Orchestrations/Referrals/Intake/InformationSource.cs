namespace ReferralFunctions.Referrals.Intake;

/// <summary>Where the information came from (terminal-operator, carrier-security-check, crew, container-technology, cctv, other).</summary>
public sealed record InformationSource
{
    public required string Type { get; init; }

    public string? Detail { get; init; }
}
