using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Audit;
using ReferralFunctions.Carriers;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Http;
using ReferralFunctions.Retention;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Configuration;

/// <summary>
/// What stops the app at start in Azure (configuration value <c>WEBSITE_INSTANCE_ID</c> set, as App Service sets it on
/// every instance): a missing secret or endpoint, a development default, or a Key Vault reference App Service could not
/// resolve (its literal <c>@Microsoft.KeyVault(…)</c> text would otherwise become the value). Locally nothing is refused.
/// Problems name the setting and never its value. Both hosts run it at start (<see cref="StartupConfigurationValidator"/>).
/// </summary>
public static partial class AzureConfigurationCheck
{
    /// <summary>Set by App Service and Functions on every instance: the app runs in Azure.</summary>
    public const string AzureMarker = "WEBSITE_INSTANCE_ID";

    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>
    /// Azurite's well-known account name and key (public, the same on every machine): a connection string holding either
    /// points at an emulator whose data anyone can read.
    /// </summary>
    public const string AzuriteAccountName = "devstoreaccount1";

    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The least <c>Retention:DeleteAfter</c> in Azure: one mistyped setting must not sweep away live referrals.</summary>
    public static readonly TimeSpan MinimumDeleteAfter = TimeSpan.FromDays(365);

    /// <summary>Markers of local emulators and public development keys, found in any setting's value.</summary>
    private static readonly (string Marker, string Reason)[] DevelopmentMarkers =
    [
        ("UseDevelopmentStorage=true", "points at the local storage emulator (UseDevelopmentStorage)."),
        (AzuriteAccountKey, "holds the storage emulator's public account key."),
        ("AccountName=" + AzuriteAccountName, "points at the storage emulator's development account."),
        ("UseDevelopmentEmulator=true", "points at the local Service Bus emulator."),
    ];

    /// <summary>Settings Azure must have, as configuration keys.</summary>
    private static readonly string[] Required =
    [
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
    ];

    public static bool RunsInAzure(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[AzureMarker]);
    }

    /// <summary>Everything that stops the app in Azure; nothing when not in Azure.</summary>
    public static IReadOnlyList<ConfigurationProblem> Find(IConfiguration configuration)
    {
        if (!RunsInAzure(configuration))
        {
            return [];
        }

        var problems = new List<ConfigurationProblem>();
        void Add(string key, string reason) => problems.Add(new ConfigurationProblem(SettingName(key), reason));

        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            if (value.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            {
                Add(key, "is an unresolved Key Vault reference: the secret does not exist or the app's identity cannot read it.");
            }

            foreach (var (marker, reason) in DevelopmentMarkers.Where(m => value.Contains(m.Marker, StringComparison.OrdinalIgnoreCase)))
            {
                Add(key, reason);
            }
        }

        foreach (var key in Required.Where(k => string.IsNullOrWhiteSpace(configuration[k])))
        {
            Add(key, "is missing.");
        }

        // Development defaults: values anyone can read in the source.
        if (configuration["Confidentiality:PseudonymKey"] == ConfidentialityOptions.DevelopmentPseudonymKey)
        {
            Add("Confidentiality:PseudonymKey", "is the local development key.");
        }

        if (configuration["Confidentiality:CarrierLookupKey"] == ConfidentialityOptions.DevelopmentCarrierLookupKey)
        {
            Add("Confidentiality:CarrierLookupKey", "is the local development key.");
        }

        if (configuration["Audit:ChainKey"] == AuditOptions.DevelopmentChainKey)
        {
            Add("Audit:ChainKey", "is the local development key.");
        }

        if (!string.IsNullOrEmpty(configuration["StaffAuth:DevelopmentSigningKey"]))
        {
            Add("StaffAuth:DevelopmentSigningKey", "is for local development only: in Azure staff tokens come from Entra ID.");
        }

        if (string.Equals(configuration["StaffAuth:Audience"], StaffAuthOptions.DevelopmentAudience, StringComparison.OrdinalIgnoreCase))
        {
            Add("StaffAuth:Audience", "is the local development audience.");
        }

        NotLocalHttps(configuration, "StaffAuth:Authority", Add);
        NotLocalHttps(configuration, "KeyVault:vaultUri", Add);
        NotLocalHttps(configuration, "ReferralStorage:tableServiceUri", Add);
        NotLocalHttps(configuration, "ReferralStorage:blobServiceUri", Add);

        // Local stand-ins: in Azure carrier secrets and data keys come from Key Vault only.
        if (configuration.GetSection("Confidentiality:DataKeys").GetChildren().Any())
        {
            Add("Confidentiality:DataKeys", "holds local data keys: in Azure data keys come from Key Vault.");
        }

        if (configuration.GetSection("CarrierAuth:Carriers").GetChildren().Any())
        {
            Add("CarrierAuth:Carriers", "holds local carrier secrets: in Azure carrier secrets come from Key Vault.");
        }

        // The DEMO carrier's id and development secret are in the README: in Azure it must not exist in any form.
        if (!string.IsNullOrEmpty(configuration[LocalCarrierSecretStore.DemoSecretVariable]))
        {
            Add(LocalCarrierSecretStore.DemoSecretVariable, "is the public DEMO carrier's secret: the DEMO carrier does not exist in Azure.");
        }

        if (configuration.GetSection($"{CarrierAuthOptions.SectionName}:Carriers:{LocalCarrierSecretStore.DemoCarrierId}").GetChildren().Any())
        {
            Add($"{CarrierAuthOptions.SectionName}:Carriers:{LocalCarrierSecretStore.DemoCarrierId}", "configures the public DEMO carrier: the DEMO carrier does not exist in Azure.");
        }

        // Behind the front end plain HTTP is refused and HSTS sent; turning that off in Azure would serve the API in clear.
        var frontEnd = $"{TransportOptions.SectionName}:{nameof(TransportOptions.AzureFrontEnd)}";
        if (bool.TryParse(configuration[frontEnd], out var behindFrontEnd) && !behindFrontEnd)
        {
            Add(frontEnd, "turns off the transport rules: in Azure the API refuses plain HTTP and sends HSTS; only local runs may do without.");
        }

        var deleteAfter = configuration[$"{RetentionOptions.SectionName}:{nameof(RetentionOptions.DeleteAfter)}"];
        if (!string.IsNullOrWhiteSpace(deleteAfter)
            && TimeSpan.TryParse(deleteAfter, CultureInfo.InvariantCulture, out var retention)
            && retention < MinimumDeleteAfter)
        {
            Add($"{RetentionOptions.SectionName}:{nameof(RetentionOptions.DeleteAfter)}",
                string.Create(CultureInfo.InvariantCulture, $"is shorter than the {MinimumDeleteAfter.TotalDays:0} days Azure requires: short retention is for local tests only."));
        }

        return problems.Distinct().ToArray();
    }

    /// <summary>Logs every problem and throws <see cref="AzureConfigurationException"/> if there is any.</summary>
    public static void Enforce(IConfiguration configuration, ILogger logger)
    {
        var problems = Find(configuration);
        if (problems.Count == 0)
        {
            return;
        }

        foreach (var problem in problems)
        {
            Log.Refused(logger, problem.Setting, problem.Reason);
        }

        throw new AzureConfigurationException(problems);
    }

    internal static string Describe(IReadOnlyList<ConfigurationProblem> problems) =>
        "The app refuses to run in Azure as configured: " + string.Join(" ", problems.Select(p => p.ToString()));

    /// <summary>A configuration key in the app-setting spelling Azure uses (<c>Section__Key</c>).</summary>
    public static string SettingName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace(":", "__", StringComparison.Ordinal);
    }

    private static void NotLocalHttps(IConfiguration configuration, string key, Action<string, string> add)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value) || value.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            add(key, "must be an absolute https URL.");
        }
        else if (uri.IsLoopback)
        {
            add(key, "points at this machine (a local emulator).");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1801, Level = LogLevel.Critical, Message = "Refusing to run in Azure: setting {Setting} {Reason}")]
        public static partial void Refused(ILogger logger, string setting, string reason);
    }
}
