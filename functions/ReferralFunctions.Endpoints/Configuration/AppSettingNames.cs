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
        // Referral data (tables) and the audit anchors (an immutable blob container), a separate storage account.
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
        // Sign-in strength a staff token must show, where the tenant has it (docs/staff-auth.md).
        "StaffAuth__RequiredAuthenticationContext",
        "StaffAuth__RequireMfa",
        // Configured partner agencies, as a JSON array.
        "Referrals__Agencies",
        // Key of the referrer pseudonyms agencies see (a Key Vault reference).
        "Confidentiality__PseudonymKey",
        // Key of the carrier look-up values stored instead of carrier ids (a Key Vault reference).
        "Confidentiality__CarrierLookupKey",
        // The per-address limit in front of signature checks: lifted behind the API Management gateway, which limits per
        // client address itself (infra/main.bicep's edgeGateway).
        "CarrierAuth__AddressRateLimit__Burst",
        "CarrierAuth__AddressRateLimit__PermitsPerMinute",
        // Key of the audit chain's seals (a Key Vault reference).
        "Audit__ChainKey",
        // Telemetry (Functions host): the endpoint, and Entra ID authentication as the app's identity.
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];
}
