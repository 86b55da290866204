using Azure.Data.Tables;
using ReferralFunctions.Messaging;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Sends a reminder or escalation: kept in the reminders table (listed by the coordinator and supervisor APIs), put on
/// the reminders topic, and written on the referral's timeline. Idempotent: the message id derives from referral, kind
/// and sequence, and every write is keyed by it.
/// </summary>
public sealed class ReminderSender(ReferralTables tables, ReferralRepository referrals, IReferralMessagePublisher publisher)
{
    public async Task SendAsync(ReminderRequest request, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = ReminderMessage.Create(request.ReferralId, request.Kind, request.Recipient, request.Sequence, request.DueAt, text);
        await tables.Reminders.UpsertEntityAsync(
            new TableEntity(request.Recipient, message.MessageId)
            {
                ["ReferralId"] = request.ReferralId,
                ["Kind"] = request.Kind,
                ["Sequence"] = request.Sequence,
                ["DueAt"] = request.DueAt,
                ["SentAt"] = new DateTimeOffset(request.At, TimeSpan.Zero),
                ["Text"] = text,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
        await publisher.PublishAsync(message, cancellationToken).ConfigureAwait(false);

        var referral = await referrals.FindAsync(request.ReferralId, cancellationToken).ConfigureAwait(false);
        await referrals.AppendTimelineAsync(
            request.ReferralId,
            new TimelineEntry(message.MessageId, new DateTimeOffset(request.At, TimeSpan.Zero), "system", text, referral?.Status ?? ReferralStatus.Received),
            cancellationToken).ConfigureAwait(false);
    }
}
