using System.Globalization;
using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Sends a reminder or escalation: kept in the reminders table (listed by the coordinator and supervisor APIs), put on
/// the reminders topic, and written on the referral's timeline. Idempotent: its id derives from kind and sequence.
/// </summary>
[DurableTask(nameof(SendReminderActivity))]
public sealed class SendReminderActivity(ReminderSender sender) : TaskActivity<ReminderRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReminderRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await sender.SendAsync(input, Describe(input), CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    internal static string Describe(ReminderRequest r)
    {
        var due = r.DueAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return r.Kind switch
        {
            ReminderKinds.ValidationReminder => $"Reminder {r.Sequence} to the carrier: validation questions are outstanding (deadline {due})",
            ReminderKinds.TriageSlaBreach => $"Escalation {r.Sequence} to the supervisor: triage SLA breached (due {due})",
            ReminderKinds.TreatmentSlaBreach => $"Escalation {r.Sequence} to the supervisor: treatment SLA breached (due {due})",
            ReminderKinds.FeedbackReminder => $"Reminder {r.Sequence} to the coordinator: feedback to the referrer is due by {due}",
            ReminderKinds.FeedbackEscalation => $"Escalation {r.Sequence} to the supervisor: feedback overdue since {due}",
            _ => $"{r.Kind} {r.Sequence} (due {due})",
        };
    }
}
