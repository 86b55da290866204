using ReferralFunctions.Audit;
using ReferralFunctions.Staff;

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

/// <summary>
/// Who a reminder is for: the partition its row is kept under in the reminders table, and the role that lists it
/// (a staff role's reminders are the ones kept under that role).
/// </summary>
public static class ReminderRecipients
{
    public const string Carrier = ActorRoles.Carrier;
    public const string Coordinator = StaffRoles.Coordinator;
    public const string Supervisor = StaffRoles.Supervisor;
}

/// <summary>
/// The columns of a row in the reminders table, which <see cref="ReminderSender"/> writes under the recipient
/// (<see cref="ReminderRecipients"/>, the partition) and the message id (the row key).
/// </summary>
public static class ReminderRows
{
    public const string ReferralId = nameof(ReferralId);
    public const string Kind = nameof(Kind);
    public const string Sequence = nameof(Sequence);
    public const string DueAt = nameof(DueAt);
    public const string SentAt = nameof(SentAt);
    public const string Text = nameof(Text);
}

/// <summary>A reminder or escalation decided by the orchestration; its message id derives from kind and sequence.</summary>
public sealed record ReminderRequest(string ReferralId, string Kind, string Recipient, int Sequence, DateTimeOffset DueAt, DateTime At);
