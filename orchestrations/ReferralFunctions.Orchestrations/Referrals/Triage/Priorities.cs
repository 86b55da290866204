namespace ReferralFunctions.Referrals.Triage;

/// <summary>A referral's priority, proposed by the risk assessment and settled at triage; also a stored fact's value.</summary>
public static class Priorities
{
    public const string Critical = "critical";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    /// <summary>Most urgent first.</summary>
    public static readonly IReadOnlyList<string> All = [Critical, High, Medium, Low];
}
