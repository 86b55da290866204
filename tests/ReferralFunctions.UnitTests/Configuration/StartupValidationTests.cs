using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.UnitTests.Configuration;

/// <summary>Every option section is validated when the host starts: a nonsensical value stops it, naming the setting.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void The_defaults_pass() => Validate([]);

    [Theory]
    [InlineData("ReferralStorage:TablePrefix", "1-not-a-table", "ReferralStorage:TablePrefix")]
    [InlineData("CarrierAuth:ClockSkew", "-00:00:01", "CarrierAuth:ClockSkew")]
    [InlineData("CarrierAuth:SecretCacheDuration", "00:00:00", "CarrierAuth:SecretCacheDuration")]
    [InlineData("CarrierAuth:RateLimit:Burst", "0", "CarrierAuth:RateLimit:Burst")]
    [InlineData("CarrierAuth:AddressRateLimit:Burst", "0", "CarrierAuth:AddressRateLimit:Burst")]
    [InlineData("CarrierAuth:AddressRateLimit:PermitsPerMinute", "-1", "CarrierAuth:AddressRateLimit:PermitsPerMinute")]
    [InlineData("StaffAuth:RateLimit:Burst", "0", "StaffAuth:RateLimit:Burst")]
    [InlineData("StaffAuth:RateLimit:PermitsPerMinute", "0", "StaffAuth:RateLimit:PermitsPerMinute")]
    [InlineData("CarrierAuth:Carriers:ACME:PreviousSecret", "only-a-previous-secret-of-32-bytes-or-more", "CarrierAuth:Carriers:ACME:Secret")]
    [InlineData("CarrierAuth:Carriers:ACME:Secret", "acme-secret-of-31-bytes-0123456", "CarrierAuth:Carriers:ACME:Secret")]
    [InlineData("Intake:MaxBodyBytes", "7", "Intake:MaxBodyBytes")]
    [InlineData("Intake:IdempotencyLease", "00:00:00", "Intake:IdempotencyLease")]
    [InlineData("Workflow:ValidationDeadline", "00:00:00", "Workflow:ValidationDeadline")]
    [InlineData("Workflow:EscalationRepeatInterval", "-1.00:00:00", "Workflow:EscalationRepeatInterval")]
    [InlineData("Workflow:CarrierTrust:ACME", "best-friend", "Workflow:CarrierTrust:ACME")]
    [InlineData("Confidentiality:PseudonymKey", "too-short", "Confidentiality:PseudonymKey")]
    [InlineData("Confidentiality:CarrierLookupKey", "too-short", "Confidentiality:CarrierLookupKey")]
    [InlineData("Confidentiality:CurrentDataKeyId", "not-configured", "Confidentiality:CurrentDataKeyId")]
    [InlineData("Confidentiality:DataKeys:k1", "bm90LTMyLWJ5dGVz", "Confidentiality:DataKeys:k1")]
    [InlineData("Confidentiality:DataKeyRefreshInterval", "00:00:00", "Confidentiality:DataKeyRefreshInterval")]
    [InlineData("Audit:ChainKey", "too-short", "Audit:ChainKey")]
    [InlineData("Audit:AnchorContainer", "Audit_Anchors", "Audit:AnchorContainer")]
    [InlineData("Audit:AnchorInterval", "01:00:01", "Audit:AnchorInterval")]
    [InlineData("Audit:AnchorInterval", "00:00:00", "Audit:AnchorInterval")]
    [InlineData("Retention:SweepInterval", "00:00:00", "Retention:SweepInterval")]
    [InlineData("Retention:DeleteAfter", "-00:00:01", "Retention:DeleteAfter")]
    [InlineData("Retention:DeleteAfter", "7.00:00:00", "Retention:DeleteAfter")]
    [InlineData("Retention:DeleteAfter", "29.23:59:59", "Retention:DeleteAfter")]
    [InlineData("TableExport:Container", "Table_Exports", "TableExport:Container")]
    [InlineData("TableExport:Interval", "2.00:00:00", "TableExport:Interval")]
    [InlineData("Triage:TriageSlas:urgent", "01:00:00", "Triage:TriageSlas:urgent")]
    [InlineData("Triage:TreatmentSlas:high", "00:00:00", "Triage:TreatmentSlas:high")]
    [InlineData("Triage:CriticalFrom", "10", "Triage:CriticalFrom")]
    [InlineData("StaffAuth:Authority", "http://login.example.test/tenant", "StaffAuth:Authority")]
    [InlineData("StaffAuth:Authority", "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000000a/v2.0", "StaffAuth:ClientId")]
    [InlineData("StaffAuth:ClockSkew", "01:00:00", "StaffAuth:ClockSkew")]
    [InlineData("StaffAuth:DevelopmentSigningKey", "short", "StaffAuth:DevelopmentSigningKey")]
    [InlineData("Referrals:Agencies", "not json", "Referrals:Agencies")]
    [InlineData("Referrals:Agencies", """[{"code":"A","priorities":["urgent"]}]""", "Referrals:Agencies[0]")]
    [InlineData("Referrals:Agencies", """[{"code":"A"},{"code":"a"}]""", "Referrals:Agencies[1]")]
    [InlineData("ServiceBus:fullyQualifiedNamespace", "https://sb.servicebus.windows.net/", "ServiceBus:fullyQualifiedNamespace")]
    public void A_bad_value_stops_the_start_naming_the_setting(string key, string value, string setting)
    {
        var refused = Assert.ThrowsAny<Exception>(() => Validate(new() { [key] = value }));

        var message = Flatten(refused);
        Assert.Contains(setting, message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, message, StringComparison.Ordinal);
    }

    private static void Validate(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddReferralServices(configuration);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is null ? "" : "\n" + Flatten(exception.InnerException));
}
