namespace ReferralFunctions.Messaging;

/// <summary>
/// A message the system sends on a Service Bus topic (or to the local stand-in). <see cref="MessageId"/> is
/// deterministic so that a retried activity's copy is dropped by duplicate detection.
/// </summary>
/// <param name="Topic">One of <see cref="MessageTopics"/>.</param>
/// <param name="Subject">What kind of message it is, e.g. <c>referral-notification</c> or <c>feedback-reminder</c>.</param>
/// <param name="ApplicationProperties">Properties for subscription filters, e.g. <c>agency</c>; string values only.</param>
/// <param name="Body">UTF-8 JSON body. Never the reporting party or person.</param>
public sealed record OutboundMessage(
    string Topic,
    string MessageId,
    string Subject,
    string ReferralId,
    IReadOnlyDictionary<string, string> ApplicationProperties,
    string Body);

/// <summary>The topics the system publishes to (infra/ creates them).</summary>
public static class MessageTopics
{
    /// <summary>One message per notified agency; subscriptions filter on the <c>agency</c> property.</summary>
    public const string AgencyNotifications = "referral-notifications";

    /// <summary>Reminders to coordinators and escalations to supervisors.</summary>
    public const string Reminders = "referral-reminders";
}

/// <summary>Publishes outbound messages: Service Bus in Azure, the local stand-in otherwise.</summary>
public interface IReferralMessagePublisher
{
    /// <summary>Sends the message. Sending the same <see cref="OutboundMessage.MessageId"/> twice delivers it once.</summary>
    Task PublishAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>What was published, as kept by the local stand-in, so a person running locally can see it.</summary>
public interface IOutboundMessageLog
{
    /// <summary>Messages of a topic, oldest first, optionally only those of one referral.</summary>
    Task<IReadOnlyList<OutboundMessage>> ListAsync(string topic, string? referralId, CancellationToken cancellationToken);
}
