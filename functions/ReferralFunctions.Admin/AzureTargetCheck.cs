using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Configuration;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Admin;

/// <summary>
/// What stops a command against Azure before it touches anything: a setting it needs that is missing (its development
/// default would apply), a development value, or an unresolved Key Vault reference. With the development carrier
/// look-up key, <c>reencrypt</c> would write look-up values the app cannot find; with the development chain key, an
/// export or a restore would append audit entries that break the chain. Against the local Azurite nothing is refused.
/// </summary>
internal static class AzureTargetCheck
{
    private static readonly Dictionary<string, string> DevelopmentValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Audit:ChainKey"] = AuditOptions.DevelopmentChainKey,
        ["Confidentiality:CarrierLookupKey"] = ConfidentialityOptions.DevelopmentCarrierLookupKey,
        ["Confidentiality:PseudonymKey"] = ConfidentialityOptions.DevelopmentPseudonymKey,
    };

    /// <summary>True when the data or the keys are in Azure: an account endpoint, a real account's connection string, or a vault.</summary>
    public static bool TargetsAzure(IConfiguration configuration)
    {
        var storage = configuration.GetSection(ReferralStorageOptions.SectionName);
        if (storage["tableServiceUri"] is { Length: > 0 } || storage["blobServiceUri"] is { Length: > 0 } || configuration["KeyVault:vaultUri"] is { Length: > 0 })
        {
            return true;
        }

        return ConnectionString(storage) is { } connectionString && !IsEmulator(connectionString);
    }

    /// <summary>Each problem with <paramref name="settings"/> as an app setting name and why; none when not against Azure.</summary>
    public static IReadOnlyList<ConfigurationProblem> Find(IConfiguration configuration, IReadOnlyList<string> settings)
    {
        if (!TargetsAzure(configuration))
        {
            return [];
        }

        var problems = new List<ConfigurationProblem>();
        foreach (var key in settings)
        {
            var value = configuration[key];
            var reason = string.IsNullOrWhiteSpace(value)
                ? "is missing: set it to the app's value (docs/deployment.md, \"Maintenance commands\")."
                : value.TrimStart().StartsWith(AzureConfigurationCheck.KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase)
                    ? "is a Key Vault reference, which only App Service resolves: set the secret's value (docs/deployment.md)."
                    : DevelopmentValues.TryGetValue(key, out var development) && value == development
                        ? "is the local development key."
                        : null;
            if (reason is not null)
            {
                problems.Add(new ConfigurationProblem(AzureConfigurationCheck.SettingName(key), reason));
            }
        }

        return problems;
    }

    /// <summary>Where the data is, for the log: the table endpoint, or which kind of connection string (never the string).</summary>
    public static string DescribeStorage(IConfiguration configuration)
    {
        var storage = configuration.GetSection(ReferralStorageOptions.SectionName);
        return storage["tableServiceUri"] is { Length: > 0 } uri ? uri
            : ConnectionString(storage) is { } connectionString && !IsEmulator(connectionString) ? "a storage connection string"
            : "the local Azurite";
    }

    /// <summary>Where the data keys come from, for the log.</summary>
    public static string DescribeKeys(IConfiguration configuration) =>
        configuration["KeyVault:vaultUri"] is { Length: > 0 } vault ? $"data keys from {vault}" : "local data keys";

    private static string? ConnectionString(IConfigurationSection storage) =>
        storage.Value is { Length: > 0 } value ? value : storage["ConnectionString"] is { Length: > 0 } named ? named : null;

    private static bool IsEmulator(string connectionString) =>
        connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains(AzureConfigurationCheck.AzuriteAccountName, StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains("127.0.0.1", StringComparison.Ordinal)
        || connectionString.Contains("localhost", StringComparison.OrdinalIgnoreCase);
}
