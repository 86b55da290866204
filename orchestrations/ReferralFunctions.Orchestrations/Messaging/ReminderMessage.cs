using System.Globalization;
using System.Text.Json;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Messaging;

/// <summary>
/// A reminder to a coordinator or an escalation to a supervisor, on <see cref="MessageTopics.Reminders"/>; the record is
/// the message body.
/// </summary>
/// <param name="Kind">One of the kind constants, e.g. <see cref="FeedbackReminder"/>; also the message's subject.</param>
/// <param name="RecipientRole">Who should act, e.g. <c>coordinator</c> or <c>supervisor</c>.</param>
/// <param name="Sequence">1 for the first reminder of this kind, 2 for the next, …; part of the message id.</param>
public sealed record ReminderMessage(
    string ReferralId,
    string Kind,
    string RecipientRole,
    int Sequence,
    DateTimeOffset DueAt,
    string Text)
{
    public const string FeedbackReminder = ReminderKinds.FeedbackReminder;
    public const string FeedbackEscalation = ReminderKinds.FeedbackEscalation;

    /// <summary>A kind only the message format's tests use; the workflow's kinds are <see cref="ReminderKinds"/>.</summary>
    public const string SlaBreach = "sla-breach";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The message; its id is <c>{referral}:{kind}:{sequence}</c>, so a retried activity cannot send it twice.</summary>
    public static OutboundMessage Create(string referralId, string kind, string recipientRole, int sequence, DateTimeOffset dueAt, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(referralId);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientRole);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentNullException.ThrowIfNull(text);
        var messageId = string.Create(CultureInfo.InvariantCulture, $"{referralId}:{kind}:{sequence}");
        if (messageId.Length > AgencyNotification.MaxMessageIdLength)
        {
            throw new ArgumentException($"The message id would exceed {AgencyNotification.MaxMessageIdLength} characters.", nameof(kind));
        }

        var body = new ReminderMessage(referralId, kind, recipientRole, sequence, dueAt, text);
        return new OutboundMessage(
            MessageTopics.Reminders,
            messageId,
            kind,
            referralId,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kind"] = kind,
                ["recipientRole"] = recipientRole,
                ["referralId"] = referralId,
            },
            JsonSerializer.Serialize(body, Json));
    }
}
