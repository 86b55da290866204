namespace ReferralFunctions.Referrals.Workflow;

/// <summary>Names of the external events a referral's orchestration waits for.</summary>
public static class ReferralEvents
{
    /// <summary>An analyst approved or overrode the proposed triage.</summary>
    public const string TriageDecided = nameof(TriageDecided);
}

/// <summary>An analyst's triage decision, carrying its id so a repeated decision is recognised.</summary>
public sealed record TriageDecision(string DecisionId, string DecidedBy, string Priority, string? Reason);
