namespace ReferralFunctions.Referrals.Triage;

/// <summary>What the risk model looks at.</summary>
/// <param name="CarrierTrust">trusted, standard or new.</param>
/// <param name="Ports">Every UN/LOCODE of the referral (location and shipment ports).</param>
public sealed record RiskAssessmentInput(
    string Category,
    IReadOnlyList<string> DeclaredIndicators,
    IReadOnlyList<string> DerivedIndicators,
    string CarrierTrust,
    int? DaysUncollected,
    string LocationUnLocode,
    IReadOnlyList<string> Ports,
    bool ValidatedByCarrier,
    int ContainerCount);

/// <summary>The proposal, with every point of the score explained.</summary>
public sealed record RiskAssessment(
    int Score,
    string Priority,
    IReadOnlyList<RiskReason> Reasons,
    IReadOnlyList<string> ProposedAgencies,
    string ProposedTreatment,
    string ModelVersion);

/// <summary>One factor of the score: what it is, how many points, and why, in words an analyst reads.</summary>
public sealed record RiskReason(string Factor, int Points, string Explanation);
