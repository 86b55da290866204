namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// The facts the workflow keeps on the referral row as it goes (read back with <see cref="ReferralRecord.Fact"/>): the
/// names are stored column names (prefixed in storage), so they never change.
/// </summary>
public static class WorkflowFacts
{
    /// <summary>The priority the risk assessment proposed.</summary>
    public const string ProposedPriority = nameof(ProposedPriority);

    /// <summary>The priority triage settled on.</summary>
    public const string Priority = nameof(Priority);

    /// <summary>Whether the carrier validated the referral, from <see cref="ValidationOutcomes"/>.</summary>
    public const string ValidationOutcome = nameof(ValidationOutcome);

    /// <summary>The treatment chosen.</summary>
    public const string Treatment = nameof(Treatment);

    /// <summary>The outcome's result (<see cref="DecisionChoices.Positive"/> or <see cref="DecisionChoices.Negative"/>).</summary>
    public const string OutcomeResult = nameof(OutcomeResult);

    /// <summary>The follow-up actions the outcome named, comma-separated.</summary>
    public const string FollowUps = nameof(FollowUps);

    /// <summary>The decision that released feedback to the carrier; its details hold <see cref="DecisionDetails.ReleasedText"/>.</summary>
    public const string FeedbackDecisionId = nameof(FeedbackDecisionId);

    public static readonly IReadOnlyList<string> All = [ProposedPriority, Priority, ValidationOutcome, Treatment, OutcomeResult, FollowUps, FeedbackDecisionId];
}

/// <summary>The values of <see cref="WorkflowFacts.ValidationOutcome"/>.</summary>
public static class ValidationOutcomes
{
    public const string Validated = "validated";
    public const string NotValidatedByCarrier = "not-validated-by-carrier";
}

/// <summary>Keys the workflow reads in a stored decision's details.</summary>
public static class DecisionDetails
{
    /// <summary>On a feedback clearance that released: the draft's text as released to the carrier.</summary>
    public const string ReleasedText = "releasedText";
}
