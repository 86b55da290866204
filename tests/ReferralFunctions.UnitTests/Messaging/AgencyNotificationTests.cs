using System.Reflection;
using System.Text.Json;
using ReferralFunctions.Messaging;

namespace ReferralFunctions.UnitTests.Messaging;

public sealed class AgencyNotificationTests
{
    [Fact]
    public void The_message_id_is_the_same_on_a_retry_and_differs_per_agency()
    {
        var first = AgencyNotification.Create("POLICE", MessagingTestData.Notification());
        var retry = AgencyNotification.Create("POLICE", MessagingTestData.Notification());
        var other = AgencyNotification.Create("BORDER-PARTNER", MessagingTestData.Notification());

        Assert.Equal("RF-2026-ABCD-EFGH:notify:POLICE", first.MessageId);
        Assert.Equal(first.MessageId, retry.MessageId);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("RF-2026-ABCD-EFGH:notify:BORDER-PARTNER", other.MessageId);
        Assert.Equal("BORDER-PARTNER", other.ApplicationProperties["agency"]);
    }

    [Fact]
    public void A_message_id_longer_than_Service_Bus_allows_is_refused()
    {
        var fits = AgencyNotification.Create(new string('A', 128 - "RF-2026-ABCD-EFGH:notify:".Length), MessagingTestData.Notification());

        Assert.Equal(128, fits.MessageId.Length);
        Assert.Throws<ArgumentException>(() => AgencyNotification.Create(new string('A', 129 - "RF-2026-ABCD-EFGH:notify:".Length), MessagingTestData.Notification()));
    }

    [Theory]
    [InlineData("POLICE' OR 1=1")]
    [InlineData("A/B")]
    [InlineData("A#B")]
    [InlineData("ÄGENCY")]
    public void An_agency_code_that_is_unsafe_in_a_filter_or_a_row_key_is_refused(string agencyCode)
    {
        Assert.Throws<ArgumentException>(() => AgencyNotification.Create(agencyCode, MessagingTestData.Notification()));
    }

    [Fact]
    public void The_body_has_exactly_the_agency_facing_fields_and_omits_absent_ones()
    {
        var notification = MessagingTestData.Notification() with { LocationUnLocode = null };

        using var body = JsonDocument.Parse(AgencyNotification.Create("POLICE", notification).Body);

        Assert.Equal(
            ["category", "declaredIndicators", "derivedIndicators", "priority", "referralReference", "referrerPseudonym", "requestedAction", "shipment", "summary"],
            body.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["arrivedAt", "billOfLading", "containerNumbers", "declaredGoods", "hsCode", "portOfDischarge", "portOfLoading", "sealNumbers", "vesselImoNumber", "vesselName", "voyage"],
            body.RootElement.GetProperty("shipment").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("SEAL-DISCREPANCY", body.RootElement.GetProperty("declaredIndicators")[0].GetString());
        Assert.Equal("ROUTING-HIGH-RISK-ORIGIN", body.RootElement.GetProperty("derivedIndicators")[0].GetString());
        Assert.Equal("080390", body.RootElement.GetProperty("shipment").GetProperty("hsCode").GetString());
    }

    [Fact]
    public void The_notification_records_hold_only_strings_and_string_lists_so_no_intake_type_can_slip_in()
    {
        Type[] records = [typeof(AgencyNotificationMessage), typeof(AgencyShipmentIdentifiers)];

        var offending = records
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
            .Where(p => p.PropertyType != typeof(string)
                && p.PropertyType != typeof(IReadOnlyList<string>)
                && p.PropertyType != typeof(AgencyShipmentIdentifiers))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}: {p.PropertyType.Name}");

        Assert.Empty(offending);
    }
}
