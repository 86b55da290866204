using System.Globalization;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using ReferralFunctions.Messaging;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Sends a reminder or escalation: kept in the reminders table (listed by the coordinator and supervisor APIs), put on
/// the reminders topic, and written on the referral's timeline. Idempotent: its id derives from kind and sequence.
/// </summary>
[DurableTask(nameof(SendReminderActivity))]
public sealed class SendReminderActivity(ReferralTables tables, ReferralRepository referrals, IReferralMessagePublisher publisher) : TaskActivity<ReminderRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReminderRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = Describe(input);
        var message = ReminderMessage.Create(input.ReferralId, input.Kind, input.Recipient, input.Sequence, input.DueAt, text);
        await tables.Reminders.UpsertEntityAsync(
            new TableEntity(input.Recipient, message.MessageId)
            {
                ["ReferralId"] = input.ReferralId,
                ["Kind"] = input.Kind,
                ["Sequence"] = input.Sequence,
                ["DueAt"] = input.DueAt,
                ["SentAt"] = new DateTimeOffset(input.At, TimeSpan.Zero),
                ["Text"] = text,
            },
            TableUpdateMode.Replace).ConfigureAwait(false);
        await publisher.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);

        var referral = await referrals.FindAsync(input.ReferralId, CancellationToken.None).ConfigureAwait(false);
        await referrals.AppendTimelineAsync(
            input.ReferralId,
            new TimelineEntry(message.MessageId, new DateTimeOffset(input.At, TimeSpan.Zero), "system", text, referral?.Status ?? ReferralStatus.Received),
            CancellationToken.None).ConfigureAwait(false);
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
