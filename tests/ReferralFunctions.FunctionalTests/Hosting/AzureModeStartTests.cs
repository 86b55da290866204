using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ReferralFunctions.Configuration;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>
/// The real local host started in Azure mode (WEBSITE_INSTANCE_ID set) refuses to start with a secret missing, a
/// development default or an unresolved Key Vault reference, naming the setting and never its value. (A fully valid
/// Azure configuration needs Azure to start; it is checked at unit level.)
/// </summary>
public sealed class AzureModeStartTests
{
    public static TheoryData<string, string?, string> Misconfigurations => new()
    {
        { "Confidentiality:PseudonymKey", null, "Confidentiality__PseudonymKey" },
        { "Confidentiality:CarrierLookupKey", null, "Confidentiality__CarrierLookupKey" },
        { "StaffAuth:Authority", null, "StaffAuth__Authority" },
        { "Confidentiality:CarrierLookupKey", "local-development-carrier-lookup-key-not-for-production", "Confidentiality__CarrierLookupKey" },
        { "Confidentiality:PseudonymKey", "local-development-pseudonym-key-not-for-production", "Confidentiality__PseudonymKey" },
        { "ReferralStorage:ConnectionString", "UseDevelopmentStorage=true", "ReferralStorage__ConnectionString" },
        { "Confidentiality:PseudonymKey", "@Microsoft.KeyVault(SecretUri=https://kv-referrals.vault.azure.net/secrets/referrer-pseudonym-key/)", "Confidentiality__PseudonymKey" },
        { "Audit:ChainKey", null, "Audit__ChainKey" },
        { "Audit:ChainKey", "local-development-audit-chain-key-not-for-production", "Audit__ChainKey" },
        { "Retention:DeleteAfter", "200.00:00:00", "Retention__DeleteAfter" },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task The_host_refuses_to_start_naming_the_setting_and_not_its_value(string key, string? value, string setting)
    {
        await TestAzurite.EnsureRunningAsync();
        var settings = AzureSettings();
        settings[key] = value;
        var logs = new FakeLogCollector();

        var refused = await Assert.ThrowsAsync<AzureConfigurationException>(() => LocalReferralHost.StartAsync(
            [], settings, configureLogging: logging => logging.AddProvider(new FakeLoggerProvider(logs))));

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
        var logged = logs.GetSnapshot().Where(l => l.Id.Id == 1801).ToArray();
        Assert.Contains(logged, l => l.Level == LogLevel.Critical && l.Message.Contains(setting, StringComparison.Ordinal));
        if (value is not null)
        {
            Assert.DoesNotContain(value, refused.Message, StringComparison.Ordinal);
            Assert.All(logs.GetSnapshot(), l => Assert.DoesNotContain(value, l.Message, StringComparison.Ordinal));
        }
    }

    /// <summary>Everything an Azure run needs, on a host that would otherwise start here (loopback, no Azurite of its own).</summary>
    private static Dictionary<string, string?> AzureSettings() => new()
    {
        ["LocalHost:Port"] = "0",
        ["LocalHost:StartAzurite"] = "false",
        ["LocalHost:TaskHubName"] = "t" + Guid.NewGuid().ToString("N")[..10],
        ["WEBSITE_INSTANCE_ID"] = "4b9f1c0d2e3a4f5b6c7d8e9f00112233",
        ["Confidentiality:PseudonymKey"] = "resolved-from-key-vault-7f3a9c2e5b8d1f4a6c0e",
        ["Confidentiality:CarrierLookupKey"] = "resolved-from-key-vault-2d8e4b6a0c1f3e5a7b9d",
        ["KeyVault:vaultUri"] = "https://kv-referrals.vault.azure.net/",
        ["StaffAuth:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000000a/v2.0",
        ["StaffAuth:Audience"] = "api://referrals-prod",
        ["StaffAuth:ClientId"] = "6e1c2d3a-4b5f-4a7e-9c0d-1f2e3a4b5c6d",
        ["ServiceBus:fullyQualifiedNamespace"] = "sb-referrals.servicebus.windows.net",
        ["ReferralStorage:tableServiceUri"] = "https://streferralsdata.table.core.windows.net/",
        ["ReferralStorage:blobServiceUri"] = "https://streferralsdata.blob.core.windows.net/",
        ["Audit:ChainKey"] = "resolved-from-key-vault-2d8e4b6a0c1f3e5a7b9d",
    };
}
