using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using ReferralFunctions.Audit;
using ReferralFunctions.Carriers;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Configuration;
using ReferralFunctions.Messaging;
using ReferralFunctions.Staff;

namespace ReferralFunctions.UnitTests.Configuration;

/// <summary>
/// In Azure a missing secret, a development default or an unresolved Key Vault reference stops the app at start, naming
/// the setting and never printing its value; locally the development defaults keep working.
/// </summary>
public sealed class AzureConfigurationCheckTests
{
    private const string UnresolvedReference = "@Microsoft.KeyVault(SecretUri=https://kv-referrals.vault.azure.net/secrets/not-there-yet/)";

    public static TheoryData<string> RequiredSettings => new()
    {
        "Confidentiality:PseudonymKey",
        "Confidentiality:CarrierLookupKey",
        "KeyVault:vaultUri",
        "StaffAuth:Authority",
        "StaffAuth:Audience",
        "StaffAuth:ClientId",
        "ServiceBus:fullyQualifiedNamespace",
        "ReferralStorage:tableServiceUri",
        "ReferralStorage:blobServiceUri",
        "Audit:ChainKey",
    };

    /// <summary>Each development default or local stand-in, with the setting the refusal must name.</summary>
    public static TheoryData<string, string, string> DevelopmentDefaults => new()
    {
        { "Confidentiality:PseudonymKey", ConfidentialityOptions.DevelopmentPseudonymKey, "Confidentiality__PseudonymKey" },
        { "Confidentiality:CarrierLookupKey", ConfidentialityOptions.DevelopmentCarrierLookupKey, "Confidentiality__CarrierLookupKey" },
        { "Audit:ChainKey", AuditOptions.DevelopmentChainKey, "Audit__ChainKey" },
        { "ReferralStorage:blobServiceUri", "http://127.0.0.1:10000/devstoreaccount1", "ReferralStorage__blobServiceUri" },
        { "StaffAuth:DevelopmentSigningKey", StaffAuthOptions.DefaultDevelopmentSigningKey, "StaffAuth__DevelopmentSigningKey" },
        { "StaffAuth:Audience", StaffAuthOptions.DevelopmentAudience, "StaffAuth__Audience" },
        { "StaffAuth:Authority", "http://127.0.0.1:5556/dev-issuer", "StaffAuth__Authority" },
        { "KeyVault:vaultUri", "http://localhost:8443/", "KeyVault__vaultUri" },
        { "ReferralStorage:tableServiceUri", "http://127.0.0.1:10002/devstoreaccount1", "ReferralStorage__tableServiceUri" },
        { "ReferralStorage:blobServiceUri", "http://127.0.0.1:10000/devstoreaccount1", "ReferralStorage__blobServiceUri" },
        { "ReferralStorage", "UseDevelopmentStorage=true", "ReferralStorage" },
        { "ReferralStorage:ConnectionString", "UseDevelopmentStorage=true", "ReferralStorage__ConnectionString" },
        { "AzureWebJobsStorage", "UseDevelopmentStorage=true", "AzureWebJobsStorage" },
        { "ServiceBus", "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;", "ServiceBus" },
        { "Confidentiality:DataKeys:local-1", "bG9jYWwtZGV2ZWxvcG1lbnQtZGF0YS1rZXktMzJieXQ=", "Confidentiality__DataKeys" },
        { "CarrierAuth:Carriers:DEMO:Secret", "local-demo-carrier-secret-not-for-production", "CarrierAuth__Carriers" },
        { "CarrierAuth:Carriers:DEMO:Secret", "explicitly-configured-demo-secret-4f1e9a7c2b", "CarrierAuth__Carriers__DEMO" },
        { "CarrierAuth:Carriers:DEMO:PreviousSecret", "explicitly-configured-previous-demo-secret", "CarrierAuth__Carriers__DEMO" },
        { "CarrierAuth:Carriers:ACME:Secret", "a-local-acme-secret-3c9d5e1f7a0b2d84", "CarrierAuth__Carriers" },
        { LocalCarrierSecretStore.DemoSecretVariable, "demo-secret-from-the-environment-8b2c", "REFERRALS_DEMO_CARRIER_SECRET" },
        { "AzureWebJobsStorage", $"DefaultEndpointsProtocol=https;AccountName=streferralshost;AccountKey={AzureConfigurationCheck.AzuriteAccountKey};EndpointSuffix=core.windows.net", "AzureWebJobsStorage" },
        { "ReferralStorage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;TableEndpoint=http://10.0.0.4:10002/devstoreaccount1;", "ReferralStorage" },
        { "LocalHost:EngineStorage", "UseDevelopmentStorage=true", "LocalHost__EngineStorage" },
        { "Retention:DeleteAfter", "364.00:00:00", "Retention__DeleteAfter" },
        { "Retention:DeleteAfter", "00:00:05", "Retention__DeleteAfter" },
        { "Transport:AzureFrontEnd", "false", "Transport__AzureFrontEnd" },
        { "Transport:AzureFrontEnd", "False", "Transport__AzureFrontEnd" },
    };

    [Fact]
    public void A_correctly_configured_azure_run_passes() =>
        Assert.Empty(AzureConfigurationCheck.Find(Configuration(AzureSettings.Valid())));

    [Fact]
    public async Task A_correctly_configured_azure_run_passes_start_up_validation_with_key_vault_and_service_bus_and_no_local_stand_ins()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = Configuration(AzureSettings.Valid());
        services.AddSingleton<IConfiguration>(configuration);
        services.AddReferralServices(configuration);
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(typeof(KeyVaultDataKeyStore), Implementation<IDataKeyStore>(services));
        Assert.Equal(typeof(KeyVaultCarrierSecretStore), Implementation<ICarrierSecretStore>(services));
        Assert.Equal(typeof(ServiceBusMessagePublisher), Implementation<IReferralMessagePublisher>(services));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(TableMessageOutbox));
        Assert.NotNull(provider.GetService<SecretClient>());
        Assert.False(provider.GetRequiredService<IOptions<StaffAuthOptions>>().Value.IsDevelopment);
    }

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void A_missing_setting_stops_the_app_naming_it(string key)
    {
        var (exception, logs) = Enforce(AzureSettings.ValidWith(key, null));

        var setting = AzureConfigurationCheck.SettingName(key);
        Assert.Contains(exception.Problems, p => p.Setting == setting && p.Reason.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
        Assert.Contains(logs, l => l.Id.Id == 1801 && l.Level == LogLevel.Critical && l.Message.Contains(setting, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void A_blank_setting_counts_as_missing(string key) =>
        Assert.Contains(Enforce(AzureSettings.ValidWith(key, "   ")).Exception.Problems, p => p.Setting == AzureConfigurationCheck.SettingName(key));

    [Theory]
    [MemberData(nameof(DevelopmentDefaults))]
    public void A_development_default_stops_the_app_naming_the_setting_never_the_value(string key, string value, string setting)
    {
        var (exception, logs) = Enforce(AzureSettings.ValidWith(key, value));

        Assert.Contains(exception.Problems, p => p.Setting == setting);
        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, exception.Message, StringComparison.Ordinal);
        Assert.Contains(logs, l => l.Message.Contains(setting, StringComparison.Ordinal));
        Assert.All(logs, l => Assert.DoesNotContain(value, l.Message, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    [InlineData("Referrals:Agencies")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    public void An_unresolved_key_vault_reference_stops_the_app_naming_the_setting_never_the_reference(string key)
    {
        var (exception, logs) = Enforce(AzureSettings.ValidWith(key, UnresolvedReference));

        var setting = AzureConfigurationCheck.SettingName(key);
        Assert.Contains(exception.Problems, p => p.Setting == setting && p.Reason.Contains("Key Vault reference", StringComparison.Ordinal));
        Assert.DoesNotContain("SecretUri", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-there-yet", exception.Message, StringComparison.Ordinal);
        Assert.All(logs, l => Assert.DoesNotContain("not-there-yet", l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_start_up_validator_refuses_with_the_setting_named()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = Configuration(AzureSettings.ValidWith("Confidentiality:PseudonymKey", ConfidentialityOptions.DevelopmentPseudonymKey));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddReferralServices(configuration);
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Confidentiality__PseudonymKey", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConfidentialityOptions.DevelopmentPseudonymKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_front_end_transport_rules_may_be_stated_on_in_azure() =>
        Assert.Empty(AzureConfigurationCheck.Find(Configuration(AzureSettings.ValidWith("Transport:AzureFrontEnd", "true"))));

    [Theory]
    [InlineData("365.00:00:00")]
    [InlineData("2555.00:00:00")]
    public void A_retention_of_at_least_a_year_passes_in_azure(string deleteAfter) =>
        Assert.Empty(AzureConfigurationCheck.Find(Configuration(AzureSettings.ValidWith("Retention:DeleteAfter", deleteAfter))));

    [Fact]
    public void Locally_the_development_defaults_keep_working()
    {
        var local = new Dictionary<string, string?>
        {
            ["Confidentiality:PseudonymKey"] = ConfidentialityOptions.DevelopmentPseudonymKey,
            ["Confidentiality:CarrierLookupKey"] = ConfidentialityOptions.DevelopmentCarrierLookupKey,
            ["ReferralStorage"] = "UseDevelopmentStorage=true",
            ["CarrierAuth:Carriers:DEMO:Secret"] = "local-carrier-secret-of-32-bytes-or-more",
            [LocalCarrierSecretStore.DemoSecretVariable] = "local-demo-secret-of-32-bytes-or-more",
            ["Retention:DeleteAfter"] = "30.00:00:00",
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzureConfigurationCheck.AzuriteAccountKey};",
        };

        Assert.Empty(AzureConfigurationCheck.Find(Configuration(local)));
        Assert.Empty(AzureConfigurationCheck.Find(Configuration([])));
    }

    private static (AzureConfigurationException Exception, IReadOnlyList<FakeLogRecord> Logs) Enforce(Dictionary<string, string?> settings)
    {
        var logger = new FakeLogger();
        var exception = Assert.Throws<AzureConfigurationException>(() => AzureConfigurationCheck.Enforce(Configuration(settings), logger));
        return (exception, logger.Collector.GetSnapshot());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static Type? Implementation<T>(IServiceCollection services) =>
        services.Last(d => d.ServiceType == typeof(T)).ImplementationType;
}
