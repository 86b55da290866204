using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReferralFunctions.Messaging;

/// <summary>Builds the message that notifies one agency of a referral, on <see cref="MessageTopics.AgencyNotifications"/>.</summary>
public static class AgencyNotification
{
    public const string Subject = "referral-notification";

    /// <summary>Service Bus caps <c>MessageId</c> at 128 characters.</summary>
    public const int MaxMessageIdLength = 128;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The message for <paramref name="agencyCode"/>. Its id is <c>{referral}:notify:{agency}</c>, so a retried activity
    /// sends the same id and duplicate detection drops the copy.
    /// </summary>
    public static OutboundMessage Create(string agencyCode, AgencyNotificationMessage notification)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agencyCode);
        ArgumentNullException.ThrowIfNull(notification);
        // The code is matched by subscription filters (agency = 'CODE') and is part of the message id, which the local
        // stand-in uses as a table row key: keep it to characters that are safe in all three.
        if (!agencyCode.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("An agency code has only ASCII letters, digits, '-' and '_'.", nameof(agencyCode));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(notification.ReferralReference, nameof(notification));
        var referralId = notification.ReferralReference;
        return new OutboundMessage(
            MessageTopics.AgencyNotifications,
            MessageId(referralId, agencyCode),
            Subject,
            referralId,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["agency"] = agencyCode,
                ["priority"] = notification.Priority,
                ["category"] = notification.Category,
                ["referralId"] = referralId,
            },
            JsonSerializer.Serialize(notification, Json));
    }

    public static string MessageId(string referralId, string agencyCode)
    {
        var id = $"{referralId}:notify:{agencyCode}";
        return id.Length <= MaxMessageIdLength
            ? id
            : throw new ArgumentException($"The message id for this referral and agency would exceed {MaxMessageIdLength} characters.", nameof(agencyCode));
    }
}
