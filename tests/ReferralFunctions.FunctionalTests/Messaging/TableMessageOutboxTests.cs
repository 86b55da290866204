using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReferralFunctions.Messaging;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Messaging;

/// <summary>The local stand-in for Service Bus, on Azurite, inside the real local host.</summary>
public sealed class TableMessageOutboxTests(MessagingHostFixture host) : IClassFixture<MessagingHostFixture>, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
    private readonly string referralId = "RF-2026-" + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant() + "-TEST";

    [Fact]
    public async Task Without_Service_Bus_an_agency_notification_is_kept_where_a_local_user_can_read_it()
    {
        var publisher = host.Get<IReferralMessagePublisher>();
        var message = AgencyNotification.Create("POLICE", Notification());

        await publisher.PublishAsync(message, Timeout);

        var kept = Assert.Single(await host.Get<IOutboundMessageLog>().ListAsync(MessageTopics.AgencyNotifications, referralId, Timeout));
        AssertSameMessage(message, kept);
    }

    [Fact]
    public async Task A_second_message_with_the_same_id_keeps_the_first_as_duplicate_detection_would()
    {
        var publisher = host.Get<IReferralMessagePublisher>();
        var first = AgencyNotification.Create("POLICE", Notification());
        var retry = first with { Body = """{"retried":true}""" };

        await publisher.PublishAsync(first, Timeout);
        await publisher.PublishAsync(retry, Timeout);

        var kept = Assert.Single(await host.Get<IOutboundMessageLog>().ListAsync(MessageTopics.AgencyNotifications, referralId, Timeout));
        Assert.Equal(first.Body, kept.Body);
    }

    [Fact]
    public async Task The_row_is_keyed_by_topic_and_message_id_and_records_when_it_was_enqueued()
    {
        var time = new FakeTimeProvider(Start);
        var outbox = Outbox(time);
        var message = ReminderMessage.Create(referralId, ReminderMessage.FeedbackReminder, "coordinator", 1, Start.AddDays(7), "Feedback due");

        await outbox.PublishAsync(message, Timeout);

        var row = (await host.Get<ReferralTables>().OutboundMessages.GetEntityAsync<TableEntity>(
            MessageTopics.Reminders, message.MessageId, cancellationToken: Timeout)).Value;
        Assert.Equal($"{referralId}:feedback-reminder:1", row.RowKey);
        Assert.Equal("feedback-reminder", row.GetString("Subject"));
        Assert.Equal(referralId, row.GetString("ReferralId"));
        Assert.Equal(message.Body, row.GetString("Body"));
        Assert.Equal(Start, row.GetDateTimeOffset("EnqueuedAt"));
        var properties = JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("ApplicationProperties"));
        Assert.Equal(message.ApplicationProperties, properties);
    }

    [Fact]
    public async Task Listing_is_by_topic_oldest_first_and_optionally_by_referral()
    {
        var time = new FakeTimeProvider(Start);
        var outbox = Outbox(time);
        var topic = "topic-" + Guid.NewGuid().ToString("N")[..8];
        var otherReferral = referralId + "-OTHER";
        // Row keys sort the other way round from the enqueue times, so the order can only come from EnqueuedAt.
        await outbox.PublishAsync(Message(topic, "z-first", referralId), Timeout);
        time.Advance(TimeSpan.FromSeconds(1));
        await outbox.PublishAsync(Message(topic, "m-second", otherReferral), Timeout);
        time.Advance(TimeSpan.FromSeconds(1));
        await outbox.PublishAsync(Message(topic, "a-third", referralId), Timeout);
        await outbox.PublishAsync(Message(topic + "-elsewhere", "b-other-topic", referralId), Timeout);

        var all = await outbox.ListAsync(topic, null, Timeout);
        var ofReferral = await outbox.ListAsync(topic, referralId, Timeout);

        Assert.Equal(["z-first", "m-second", "a-third"], all.Select(m => m.MessageId));
        Assert.Equal(["z-first", "a-third"], ofReferral.Select(m => m.MessageId));
        Assert.All(all, m => Assert.Equal(topic, m.Topic));
    }

    private CancellationToken Timeout => timeout.Token;

    public void Dispose() => timeout.Dispose();

    private TableMessageOutbox Outbox(TimeProvider time) =>
        new(host.Get<ReferralTables>(), time, NullLogger<TableMessageOutbox>.Instance);

    private static OutboundMessage Message(string topic, string messageId, string referral) =>
        new(topic, messageId, "test", referral, new Dictionary<string, string> { ["referralId"] = referral }, "{}");

    private AgencyNotificationMessage Notification() => new(
        referralId,
        "drugs",
        "high",
        "Seal discrepancy on arrival",
        "NLRTM",
        new AgencyShipmentIdentifiers { ContainerNumbers = ["MSKU1234565"], BillOfLading = "MAEU123456789" },
        ["SEAL-DISCREPANCY"],
        [],
        "assess",
        "referrer-7f3a");

    private static void AssertSameMessage(OutboundMessage expected, OutboundMessage actual)
    {
        Assert.Equal(expected with { ApplicationProperties = actual.ApplicationProperties }, actual);
        Assert.Equal(expected.ApplicationProperties, actual.ApplicationProperties);
    }
}
