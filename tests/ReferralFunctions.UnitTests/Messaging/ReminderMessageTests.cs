using System.Text.Json;
using ReferralFunctions.Messaging;

namespace ReferralFunctions.UnitTests.Messaging;

public sealed class ReminderMessageTests
{
    private static readonly DateTimeOffset DueAt = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_reminder_is_addressed_by_kind_and_role_with_an_id_per_referral_kind_and_sequence()
    {
        var message = ReminderMessage.Create("RF-2026-ABCD-EFGH", ReminderMessage.FeedbackReminder, "coordinator", 3, DueAt, "Feedback due on 5 December");

        Assert.Equal(MessageTopics.Reminders, message.Topic);
        Assert.Equal("RF-2026-ABCD-EFGH:feedback-reminder:3", message.MessageId);
        Assert.Equal("feedback-reminder", message.Subject);
        Assert.Equal("RF-2026-ABCD-EFGH", message.ReferralId);
        Assert.Equal(
            new Dictionary<string, string> { ["kind"] = "feedback-reminder", ["recipientRole"] = "coordinator", ["referralId"] = "RF-2026-ABCD-EFGH" },
            message.ApplicationProperties);
        Assert.NotEqual(message.MessageId, ReminderMessage.Create("RF-2026-ABCD-EFGH", ReminderMessage.FeedbackReminder, "coordinator", 4, DueAt, "x").MessageId);
        Assert.NotEqual(message.MessageId, ReminderMessage.Create("RF-2026-ABCD-EFGH", ReminderMessage.SlaBreach, "coordinator", 3, DueAt, "x").MessageId);
    }

    [Fact]
    public void The_body_carries_the_due_time_and_text()
    {
        var message = ReminderMessage.Create("RF-2026-ABCD-EFGH", ReminderMessage.SlaBreach, "supervisor", 1, DueAt, "Triage SLA breached");

        var body = JsonSerializer.Deserialize<ReminderMessage>(message.Body, JsonSerializerOptions.Web);

        Assert.Equal(new ReminderMessage("RF-2026-ABCD-EFGH", "sla-breach", "supervisor", 1, DueAt, "Triage SLA breached"), body);
        using var json = JsonDocument.Parse(message.Body);
        Assert.Equal("2026-12-05T09:00:00+00:00", json.RootElement.GetProperty("dueAt").GetString());
    }

    [Fact]
    public void A_negative_sequence_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReminderMessage.Create("RF-1", ReminderMessage.FeedbackReminder, "coordinator", -1, DueAt, "x"));
    }
}
