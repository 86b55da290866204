namespace ReferralFunctions.Referrals.Intake;

/// <summary>The outcome of validating a referral body: errors reject it, warnings and derived indicators accompany it.</summary>
public sealed class ReferralValidationResult
{
    public bool IsValid => Kind == ValidationFailure.None;

    public required ValidationFailure Kind { get; init; }

    /// <summary>Every field that breaks the contract, ordered by path.</summary>
    public IReadOnlyList<FieldProblem> Errors { get; init; } = [];

    /// <summary>Data-quality findings that do not reject the referral, ordered by path; reported even alongside errors.</summary>
    public IReadOnlyList<FieldProblem> Warnings { get; init; } = [];

    /// <summary>The typed referral; set only when <see cref="IsValid"/>.</summary>
    public ReferralSubmission? Submission { get; init; }

    /// <summary>Indicators the system adds for the data-quality findings, one per warning that has a code.</summary>
    public IReadOnlyList<DerivedIndicator> DerivedIndicators { get; init; } = [];
}
