namespace ReferralFunctions.Referrals.Workflow;

/// <summary>Kinds of reminder and escalation the workflow sends.</summary>
public static class ReminderKinds
{
    public const string ValidationReminder = "validation-reminder";
    public const string TriageSlaBreach = "triage-sla-breach";
    public const string TreatmentSlaBreach = "treatment-sla-breach";
    public const string FeedbackReminder = "feedback-reminder";
    public const string FeedbackEscalation = "feedback-escalation";
}

/// <summary>Who a reminder is for.</summary>
public static class ReminderRecipients
{
    public const string Carrier = "carrier";
    public const string Coordinator = "coordinator";
    public const string Supervisor = "supervisor";
}

/// <summary>A reminder or escalation decided by the orchestration; its message id derives from kind and sequence.</summary>
public sealed record ReminderRequest(string ReferralId, string Kind, string Recipient, int Sequence, DateTimeOffset DueAt, DateTime At);
