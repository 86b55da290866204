namespace ReferralFunctions.Agencies;

/// <summary>
/// A partner agency that can be notified of referrals: which categories, ports (UN/LOCODE) and priorities it takes.
/// <c>*</c> in a list means "any".
/// </summary>
public sealed record Agency(
    string Code,
    string Name,
    bool Offshore,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> Priorities);
