using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReferralFunctions.Agencies;
using ReferralFunctions.Audit;
using ReferralFunctions.Backup;
using ReferralFunctions.Carriers;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Configuration;
using ReferralFunctions.Health;
using ReferralFunctions.Http;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Disclosures;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Referrals.Staff;
using ReferralFunctions.Referrals.Status;
using ReferralFunctions.Referrals.Triage;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Referrals.WorkflowHealth;
using ReferralFunctions.Retention;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;

namespace ReferralFunctions;

/// <summary>The one place where the system's services are registered; both hosts call it and add only their wiring.</summary>
public static class ReferralServiceCollectionExtensions
{
    /// <summary>Local storage when no referral storage is configured: Azurite's well-known development account.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static IServiceCollection AddReferralServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddMemoryCache();
        StartupConfigurationValidator.Register(services);

        services.AddValidatedOptions<ReferralStorageOptions>(ReferralStorageOptions.SectionName);
        services.AddValidatedOptions<CarrierAuthOptions>(CarrierAuthOptions.SectionName);
        services.AddValidatedOptions<IntakeOptions>(IntakeOptions.SectionName);
        services.AddValidatedOptions<ResilienceOptions>(ResilienceOptions.SectionName);
        services.AddValidatedOptions<TransportOptions>(TransportOptions.SectionName);
        services.AddSingleton<TransportSecurity>();

        var storage = configuration.GetSection(ReferralStorageOptions.SectionName);
        var keyVault = configuration.GetSection("KeyVault");
        var resilience = configuration.GetSection(ResilienceOptions.SectionName).Get<ResilienceOptions>() ?? new ResilienceOptions();
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential) => CreateTableServiceClient(storage, options, credential))
                .WithCredential(provider => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(storage))
                .ConfigureOptions(options => ConfigureRetry(options.Retry, resilience));
            // Blobs of the data account: audit anchors and table exports. Background work (the anchor schedule, the daily
            // export, a supervisor's verification of the whole chain), so the SDK's own retry policy, not the request deadline.
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential) => CreateBlobServiceClient(storage, options, credential))
                .WithCredential(provider => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(storage));
        });

        services.AddReferralStores(typeof(IdempotencyStore).Assembly);
        services.AddValidatedOptions<AuditOptions>(AuditOptions.SectionName);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditAnchor>();
        services.AddSingleton<AuditVerifier>();
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.SectionName);
        services.AddSingleton<RetentionSweep>();
        services.AddValidatedOptions<TableExportOptions>(TableExportOptions.SectionName);
        services.AddSingleton<TableExport>();
        services.AddSingleton<TableRestore>();
        services.AddSingleton<ReferralValidator>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<CarrierNonceStore>();
        services.AddSingleton<CarrierRequestAuthenticator>();
        services.AddValidatedOptions<WorkflowOptions>(WorkflowOptions.SectionName);
        services.AddValidatedOptions<WorkflowHealthOptions>(WorkflowHealthOptions.SectionName);
        services.AddSingleton<ReminderSender>();
        services.AddSingleton<WorkflowHealthCheck>();
        services.AddSingleton<WorkflowRepairer>();
        services.AddValidatedOptions<ConfidentialityOptions>(ConfidentialityOptions.SectionName);
        services.AddSingleton<ReferrerPseudonyms>();
        services.AddSingleton<CarrierLookup>();
        services.AddSingleton<FieldCipher>();
        AddSecrets(services, keyVault);
        services.AddStaffAuthentication();
        services.AddReferralMessaging(configuration);
        services.AddAgencies();
        services.AddTriage();

        services.AddSingleton<SubmitReferralEndpoint>();
        services.AddSingleton<GetReferralEndpoint>();
        services.AddSingleton<CarrierReferralAccess>();
        services.AddSingleton<CarrierValidationEndpoint>();
        services.AddSingleton<CarrierFeedbackEndpoint>();
        services.AddSingleton<StaffReferralEndpoints>();
        services.AddSingleton<ReferrerRevealEndpoint>();
        services.AddSingleton<DecisionEndpoint>();
        services.AddSingleton<DisclosureEndpoints>();
        services.AddSingleton<AuditEndpoints>();
        services.AddSingleton<WorkflowHealthEndpoints>();
        HealthEndpoint.Register(services);
        services.AddSingleton<ApiHandlers>();
        services.AddHostedService<StorageInitializer>();

        // Activities are resolved per call by both hosts.
        foreach (var activity in ReferralTasks.Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }

    /// <summary>
    /// Bounds how long one table operation can keep its caller: the SDK's defaults (3 retries from 0.8 s, 100 s per try)
    /// held a request for over 4 s when storage refused connections, and far longer when it did not answer at all.
    /// </summary>
    /// <summary>
    /// Carrier secrets and the data key: from Key Vault when <c>KeyVault:vaultUri</c> is set (in Azure it must be; see
    /// <see cref="AzureConfigurationCheck"/>), otherwise from local configuration, for development only.
    /// </summary>
    private static void AddSecrets(IServiceCollection services, IConfigurationSection keyVault)
    {
        if (keyVault["vaultUri"] is { Length: > 0 })
        {
            services.AddAzureClients(clients => clients.AddSecretClient(keyVault));
            services.AddSingleton<ICarrierSecretStore, KeyVaultCarrierSecretStore>();
            services.AddSingleton<IDataKeyStore, KeyVaultDataKeyStore>();
        }
        else
        {
            services.AddSingleton<ICarrierSecretStore, LocalCarrierSecretStore>();
            services.AddSingleton<IDataKeyStore, LocalDataKeyStore>();
        }
    }

    private static void ConfigureRetry(RetryOptions retry, ResilienceOptions resilience)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = resilience.StorageMaxRetries;
        retry.Delay = resilience.StorageRetryDelay;
        retry.MaxDelay = resilience.StorageMaxRetryDelay;
        retry.NetworkTimeout = resilience.StorageNetworkTimeout;
    }

    /// <summary>
    /// Referral tables from "ReferralStorage": a connection string (the section's value or its ConnectionString key),
    /// else identity-based with "tableServiceUri" (and "credential"/"clientId"), else Azurite.
    /// </summary>
    private static TableServiceClient CreateTableServiceClient(IConfigurationSection section, TableClientOptions options, TokenCredential credential)
    {
        if (section["tableServiceUri"] is { Length: > 0 } uri)
        {
            return new TableServiceClient(new Uri(uri), credential, options);
        }

        return new TableServiceClient(ConnectionString(section), options);
    }

    /// <summary>The data account's blobs (audit anchors, table exports): "blobServiceUri" in Azure, else the connection string.</summary>
    private static BlobServiceClient CreateBlobServiceClient(IConfigurationSection section, BlobClientOptions options, TokenCredential credential) =>
        section["blobServiceUri"] is { Length: > 0 } uri
            ? new BlobServiceClient(new Uri(uri), credential, options)
            : new BlobServiceClient(ConnectionString(section), options);

    private static string ConnectionString(IConfigurationSection section)
    {
        var connectionString = section.Value is { Length: > 0 } value ? value : section["ConnectionString"];
        return string.IsNullOrEmpty(connectionString) ? DevelopmentStorage : connectionString;
    }
}
