using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Confidentiality;
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

    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Settings Azure must have, as configuration keys.</summary>
    private static readonly string[] Required =
    [
        "Confidentiality:PseudonymKey",
        "KeyVault:vaultUri",
        "StaffAuth:Authority",
        "StaffAuth:Audience",
        "StaffAuth:ClientId",
        "ServiceBus:fullyQualifiedNamespace",
        "ReferralStorage:tableServiceUri",
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
            if (value is not null && value.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            {
                Add(key, "is an unresolved Key Vault reference: the secret does not exist or the app's identity cannot read it.");
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

        foreach (var key in new[] { "ReferralStorage", "ReferralStorage:ConnectionString", "AzureWebJobsStorage" })
        {
            if (configuration[key]?.Contains(DevelopmentStorage, StringComparison.OrdinalIgnoreCase) == true)
            {
                Add(key, "points at the local storage emulator (UseDevelopmentStorage).");
            }
        }

        if (configuration["ServiceBus"]?.Contains("UseDevelopmentEmulator=true", StringComparison.OrdinalIgnoreCase) == true)
        {
            Add("ServiceBus", "points at the local Service Bus emulator.");
        }

        // Local stand-ins: in Azure carrier secrets and data keys come from Key Vault only.
        if (configuration.GetSection("Confidentiality:DataKeys").GetChildren().Any())
        {
            Add("Confidentiality:DataKeys", "holds local data keys: in Azure data keys come from Key Vault.");
        }

        if (configuration.GetSection("CarrierAuth:Carriers").GetChildren().Any())
        {
            Add("CarrierAuth:Carriers", "holds local carrier secrets: in Azure carrier secrets come from Key Vault.");
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
