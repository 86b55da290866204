using Azure.Data.Tables;
using ReferralFunctions.Audit;
using ReferralFunctions.Messaging;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Sends a reminder or escalation: kept in the reminders table (listed by the coordinator and supervisor APIs), put on
/// the reminders topic, and written on the referral's timeline. Idempotent: the message id derives from referral, kind
/// and sequence, and every write is keyed by it.
/// </summary>
public sealed class ReminderSender(ReferralTables tables, ReferralRepository referrals, TimelineStore timeline, IReferralMessagePublisher publisher)
{
    /// <summary>
    /// Sends it unless it was sent before, for a sender that asks again and again (the workflow health check, every
    /// few minutes): Service Bus drops a repeated message id only within its duplicate detection window (an hour).
    /// </summary>
    /// <returns>Whether it was sent now.</returns>
    public async Task<bool> SendOnceAsync(ReminderRequest request, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messageId = ReminderMessage.Create(request.ReferralId, request.Kind, request.Recipient, request.Sequence, request.DueAt, text).MessageId;
        var kept = await tables.Reminders.GetEntityIfExistsAsync<TableEntity>(request.Recipient, messageId, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (kept.HasValue)
        {
            return false;
        }

        await SendAsync(request, text, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task SendAsync(ReminderRequest request, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = ReminderMessage.Create(request.ReferralId, request.Kind, request.Recipient, request.Sequence, request.DueAt, text);

        // Published before it is kept: a kept row means it went out (SendOnceAsync relies on that).
        await publisher.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        await tables.Reminders.UpsertEntityAsync(
            new TableEntity(request.Recipient, message.MessageId)
            {
                [ReminderRows.ReferralId] = request.ReferralId,
                [ReminderRows.Kind] = request.Kind,
                [ReminderRows.Sequence] = request.Sequence,
                [ReminderRows.DueAt] = request.DueAt,
                [ReminderRows.SentAt] = new DateTimeOffset(request.At, TimeSpan.Zero),
                [ReminderRows.Text] = text,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);

        var referral = await referrals.FindAsync(request.ReferralId, cancellationToken).ConfigureAwait(false);
        await timeline.AppendAsync(
            request.ReferralId,
            new TimelineEntry(message.MessageId, new DateTimeOffset(request.At, TimeSpan.Zero), Actor.System, text, referral?.Status ?? ReferralStatus.Received),
            cancellationToken).ConfigureAwait(false);
    }
}
