using ReferralFunctions.Configuration;

namespace ReferralFunctions.UnitTests.Configuration;

/// <summary>A correctly configured Azure run, as the Bicep sets it up (Key Vault references already resolved).</summary>
public static class AzureSettings
{
    public static Dictionary<string, string?> Valid() => new()
    {
        [AzureConfigurationCheck.AzureMarker] = "4b9f1c0d2e3a4f5b6c7d8e9f00112233",
        ["Confidentiality:PseudonymKey"] = "resolved-from-key-vault-7f3a9c2e5b8d1f4a6c0e",
        ["KeyVault:vaultUri"] = "https://kv-referrals.vault.azure.net/",
        ["KeyVault:credential"] = "managedidentity",
        ["StaffAuth:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000000a/v2.0",
        ["StaffAuth:Audience"] = "api://referrals-prod",
        ["StaffAuth:ClientId"] = "6e1c2d3a-4b5f-4a7e-9c0d-1f2e3a4b5c6d",
        ["ServiceBus:fullyQualifiedNamespace"] = "sb-referrals.servicebus.windows.net",
        ["ServiceBus:credential"] = "managedidentity",
        ["ReferralStorage:tableServiceUri"] = "https://streferralsdata.table.core.windows.net/",
        ["ReferralStorage:blobServiceUri"] = "https://streferralsdata.blob.core.windows.net/",
        ["ReferralStorage:credential"] = "managedidentity",
        ["AzureWebJobsStorage:accountName"] = "streferralshost",
        ["Referrals:Agencies"] = """[{"code":"POLICE","name":"Police","categories":["*"],"ports":["*"],"priorities":["critical"]}]""",
    };

    public static Dictionary<string, string?> ValidWith(string key, string? value)
    {
        var settings = Valid();
        settings[key] = value;
        return settings;
    }
}
