namespace ReferralFunctions.Referrals.Workflow;

/// <summary>A workflow step found no stored referral under its id: not transient, so it is not retried.</summary>
public sealed class ReferralNotFoundException : Exception
{
    public ReferralNotFoundException()
        : this("unknown")
    {
    }

    public ReferralNotFoundException(string referralId)
        : this(referralId, null)
    {
    }

    public ReferralNotFoundException(string referralId, Exception? innerException)
        : base($"Referral {referralId} not found.", innerException) => ReferralId = referralId;

    public string ReferralId { get; }
}
