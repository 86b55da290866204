namespace ReferralFunctions.Referrals.Intake;

/// <summary>Why a referral body was rejected.</summary>
public enum ValidationFailure
{
    None = 0,

    /// <summary>The body is not well-formed JSON or not a JSON object.</summary>
    MalformedJson,

    /// <summary>The body is JSON but breaks the referral contract.</summary>
    InvalidStructure,
}
