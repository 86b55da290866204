namespace ReferralFunctions.Configuration;

/// <summary>
/// Every app setting the system reads in Azure, in the Functions app's "section__key" spelling.
/// infra/ must set exactly these (a test compares them with the Bicep).
/// </summary>
public static class AppSettingNames
{
    /// <summary>Settings the Bicep sets on the Function App.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        // Functions host storage and the durable task hub (identity-based).
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        // Referral data (tables), a separate storage account.
        "ReferralStorage__tableServiceUri",
        "ReferralStorage__blobServiceUri",
        "ReferralStorage__credential",
        "ReferralStorage__clientId",
        // The container the daily table exports go to (immutable, in the data account).
        "TableExport__Container",
        // Service Bus topics for agencies and reminders.
        "ServiceBus__fullyQualifiedNamespace",
        "ServiceBus__credential",
        "ServiceBus__clientId",
        // Key Vault: carrier secrets and data keys.
        "KeyVault__vaultUri",
        "KeyVault__credential",
        "KeyVault__clientId",
        // Staff authentication (Entra ID).
        "StaffAuth__Authority",
        "StaffAuth__Audience",
        "StaffAuth__ClientId",
        // Configured partner agencies, as a JSON array.
        "Referrals__Agencies",
        // Key of the referrer pseudonyms agencies see (a Key Vault reference).
        "Confidentiality__PseudonymKey",
        // Telemetry (Functions host): the endpoint, and Entra ID authentication as the app's identity.
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];
}
