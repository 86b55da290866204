namespace ReferralFunctions.Referrals.Workflow;

/// <summary>Input of <see cref="AssessRiskActivity"/>.</summary>
public sealed record AssessRiskInput(string ReferralId, bool ValidatedByCarrier);

/// <summary>What triage proposes, as the orchestration needs it: ids and structured values only.</summary>
public sealed record TriageProposal(int Score, string Priority, IReadOnlyList<string> ProposedAgencies, string ProposedTreatment, TimeSpan TriageSla);

/// <summary>Input of <see cref="NotifyAgenciesActivity"/>.</summary>
public sealed record NotifyAgenciesInput(string ReferralId, string Priority, IReadOnlyList<string> Agencies);
