namespace ReferralFunctions.Referrals;

/// <summary>Where a referral is in its workflow, as Customs sees it.</summary>
public enum ReferralStatus
{
    Received,
    AwaitingValidation,
    AwaitingTriage,
    Triaged,
    AgenciesNotified,
    InTreatment,
    OutcomeRecorded,
    FeedbackReleased,
    InPostIncidentAnalysis,
    Closed,
}

/// <summary>The staged status a carrier sees: no internal detail.</summary>
public static class CarrierStage
{
    public const string Received = "received";
    public const string UnderAssessment = "under-assessment";
    public const string Actioned = "actioned";
    public const string FeedbackAvailable = "feedback-available";
    public const string Closed = "closed";

    public static string For(ReferralStatus status) => status switch
    {
        ReferralStatus.Received => Received,
        ReferralStatus.AwaitingValidation or ReferralStatus.AwaitingTriage or ReferralStatus.Triaged => UnderAssessment,
        ReferralStatus.AgenciesNotified or ReferralStatus.InTreatment or ReferralStatus.OutcomeRecorded => Actioned,
        ReferralStatus.FeedbackReleased or ReferralStatus.InPostIncidentAnalysis => FeedbackAvailable,
        ReferralStatus.Closed => Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
