using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ReferralFunctions.Messaging;

namespace ReferralFunctions.UnitTests.Messaging;

/// <summary>What the publisher hands to the Service Bus SDK, seen through <see cref="RecordingServiceBusClient"/>.</summary>
public sealed class ServiceBusMessagePublisherTests
{
    [Fact]
    public async Task An_agency_notification_goes_to_the_notifications_topic_with_the_agency_to_filter_on()
    {
        var serviceBus = new RecordingServiceBusClient();
        await using var publisher = new ServiceBusMessagePublisher(serviceBus);

        await publisher.PublishAsync(AgencyNotification.Create("POLICE", MessagingTestData.Notification()), CancellationToken.None);

        var (topic, message) = Assert.Single(serviceBus.Sent);
        Assert.Equal("referral-notifications", topic);
        Assert.Equal("RF-2026-ABCD-EFGH:notify:POLICE", message.MessageId);
        Assert.Equal("referral-notification", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal(MessagingTestData.ReferralId, message.CorrelationId);
        Assert.Equal("POLICE", message.ApplicationProperties["agency"]);
        Assert.Equal("high", message.ApplicationProperties["priority"]);
        Assert.Equal("drugs", message.ApplicationProperties["category"]);
        Assert.Equal(MessagingTestData.ReferralId, message.ApplicationProperties["referralId"]);
        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal(MessagingTestData.ReferralId, body.RootElement.GetProperty("referralReference").GetString());
        Assert.Equal("MSKU1234565", body.RootElement.GetProperty("shipment").GetProperty("containerNumbers")[0].GetString());
        Assert.Equal(MessagingTestData.ReferrerPseudonym, body.RootElement.GetProperty("referrerPseudonym").GetString());
    }

    [Fact]
    public async Task The_body_an_agency_receives_names_neither_the_referrer_nor_the_narrative()
    {
        var serviceBus = new RecordingServiceBusClient();
        await using var publisher = new ServiceBusMessagePublisher(serviceBus);

        await publisher.PublishAsync(AgencyNotification.Create("BORDER-PARTNER", MessagingTestData.Notification()), CancellationToken.None);

        var body = Assert.Single(serviceBus.Sent).Message.Body.ToString();
        using var json = JsonDocument.Parse(body);
        var names = PropertyNames(json.RootElement).ToList();
        Assert.Contains("referrerPseudonym", names);
        Assert.All(names.Where(n => n != "referrerPseudonym"), name => Assert.DoesNotContain(
            MessagingTestData.ForbiddenPropertyNameParts, part => name.Contains(part, StringComparison.OrdinalIgnoreCase)));
        Assert.All(MessagingTestData.ConfidentialValues, value => Assert.DoesNotContain(value, body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_reminder_goes_to_the_reminders_topic()
    {
        var serviceBus = new RecordingServiceBusClient();
        await using var publisher = new ServiceBusMessagePublisher(serviceBus);
        var dueAt = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

        await publisher.PublishAsync(
            ReminderMessage.Create(MessagingTestData.ReferralId, ReminderMessage.FeedbackEscalation, "supervisor", 2, dueAt, "Feedback overdue"),
            CancellationToken.None);

        var (topic, message) = Assert.Single(serviceBus.Sent);
        Assert.Equal("referral-reminders", topic);
        Assert.Equal("RF-2026-ABCD-EFGH:feedback-escalation:2", message.MessageId);
        Assert.Equal("feedback-escalation", message.Subject);
        Assert.Equal(MessagingTestData.ReferralId, message.CorrelationId);
        Assert.Equal("supervisor", message.ApplicationProperties["recipientRole"]);
        Assert.Equal("feedback-escalation", message.ApplicationProperties["kind"]);
    }

    [Fact]
    public async Task The_same_message_twice_is_sent_twice_with_one_id_for_Service_Bus_to_drop_the_copy()
    {
        var serviceBus = new RecordingServiceBusClient();
        await using var publisher = new ServiceBusMessagePublisher(serviceBus);
        var message = AgencyNotification.Create("POLICE", MessagingTestData.Notification());

        await publisher.PublishAsync(message, CancellationToken.None);
        await publisher.PublishAsync(AgencyNotification.Create("POLICE", MessagingTestData.Notification()), CancellationToken.None);

        Assert.Equal(2, serviceBus.Sent.Count);
        Assert.Single(serviceBus.Sent.Select(s => s.Message.MessageId).Distinct());
    }

    [Fact]
    public async Task One_sender_per_topic_even_when_publishing_concurrently()
    {
        var serviceBus = new RecordingServiceBusClient();
        await using var publisher = new ServiceBusMessagePublisher(serviceBus);
        var dueAt = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

        await Parallel.ForAsync(0, 64, async (i, ct) => await publisher.PublishAsync(
            i % 2 == 0
                ? AgencyNotification.Create($"AGENCY-{i}", MessagingTestData.Notification())
                : ReminderMessage.Create(MessagingTestData.ReferralId, ReminderMessage.FeedbackReminder, "coordinator", i, dueAt, "Due"),
            ct));

        Assert.Equal(64, serviceBus.Sent.Count);
        Assert.Equal(["referral-notifications", "referral-reminders"], serviceBus.Senders.Select(s => s.EntityPath).Order());
    }

    [Fact]
    public async Task Disposing_the_publisher_disposes_its_senders_and_it_then_refuses_to_publish()
    {
        var serviceBus = new RecordingServiceBusClient();
        var publisher = new ServiceBusMessagePublisher(serviceBus);
        await publisher.PublishAsync(AgencyNotification.Create("POLICE", MessagingTestData.Notification()), CancellationToken.None);

        await publisher.DisposeAsync();

        Assert.True(Assert.Single(serviceBus.Senders).Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            publisher.PublishAsync(AgencyNotification.Create("POLICE", MessagingTestData.Notification()), CancellationToken.None));
    }

    [Fact]
    public void Every_application_property_is_carried_over()
    {
        var message = new OutboundMessage("t", "id-1", "s", "RF-1", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, "{}");

        ServiceBusMessage converted = ServiceBusMessagePublisher.ToServiceBusMessage(message);

        Assert.Equal(new Dictionary<string, object> { ["a"] = "1", ["b"] = "2" }, converted.ApplicationProperties);
        Assert.Equal("{}", converted.Body.ToString());
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };
}
