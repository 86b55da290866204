using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ReferralFunctions.Referrals.Triage;

namespace ReferralFunctions.Agencies;

/// <summary>
/// The configured partner agencies (configuration <c>Referrals:Agencies</c>): either a JSON array string, as the Azure
/// app setting <c>Referrals__Agencies</c> carries it, or a configuration array (<c>Referrals:Agencies:0:Code</c>…).
/// With nothing configured, a local default set is used so a local run has agencies to notify.
/// </summary>
public sealed class AgencyDirectory
{
    public const string ConfigurationKey = "Referrals:Agencies";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public AgencyDirectory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConfigurationKey);
        All = section.Value is { Length: > 0 } json
            ? (JsonSerializer.Deserialize<AgencyConfig[]>(json, Json) ?? []).Select(a => a.ToAgency()).ToArray()
            : section.GetChildren().Any()
                ? section.GetChildren().Select(c => (c.Get<AgencyConfig>() ?? new AgencyConfig()).ToAgency()).ToArray()
                : LocalDefaults;
    }

    /// <summary>Agencies a local run notifies when none are configured.</summary>
    public static IReadOnlyList<Agency> LocalDefaults { get; } =
    [
        new("POLICE", "National Police", false, ["*"], ["*"], [Priorities.Critical, Priorities.High]),
        new("BORDER-PARTNER", "Offshore Border Partner", true, ["suspicious-shipment", "container-integrity"], ["*"], [Priorities.Critical, Priorities.High, Priorities.Medium]),
        new("BIOSECURITY", "Biosecurity Agency", false, ["suspicious-shipment"], ["*"], ["*"]),
    ];

    public IReadOnlyList<Agency> All { get; }

    /// <summary>What is wrong with the configured agencies (<c>Referrals:Agencies</c>), naming the entry, never a value.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        const string setting = "Referrals:Agencies";
        IReadOnlyList<Agency> agencies;
        try
        {
            agencies = new AgencyDirectory(configuration).All;
        }
        catch (JsonException)
        {
            return [$"{setting} is not a JSON array of agencies."];
        }

        string[] priorities = [.. Priorities.All, "*"];
        var problems = new List<string>();
        for (var i = 0; i < agencies.Count; i++)
        {
            var agency = agencies[i];
            if (string.IsNullOrWhiteSpace(agency.Code))
            {
                problems.Add($"{setting}[{i}] has no code.");
            }
            else if (agencies.Take(i).Any(a => string.Equals(a.Code, agency.Code, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{setting}[{i}] repeats the code of an earlier agency.");
            }

            if (agency.Priorities.Any(p => !priorities.Contains(p, StringComparer.OrdinalIgnoreCase)))
            {
                problems.Add($"{setting}[{i}] names a priority other than critical, high, medium, low or *.");
            }
        }

        return problems;
    }

    public Agency? Find(string code) => All.FirstOrDefault(a => string.Equals(a.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Agencies that take referrals of this category, at one of these ports, with this priority. <c>*</c> matches
    /// anything; an empty list matches nothing (an agency must say what it takes).
    /// </summary>
    public IReadOnlyList<Agency> Select(string category, IEnumerable<string> ports, string priority)
    {
        var portList = ports.ToArray();
        return All.Where(a => Takes(a.Categories, category) && portList.Any(p => Takes(a.Ports, p)) && Takes(a.Priorities, priority)).ToArray();
    }

    private static bool Takes(IReadOnlyList<string> accepted, string value) =>
        accepted.Any(a => a == "*" || string.Equals(a, value, StringComparison.OrdinalIgnoreCase));

    private sealed class AgencyConfig
    {
        public string Code { get; set; } = "";

        public string Name { get; set; } = "";

        public bool Offshore { get; set; }

        public List<string> Categories { get; set; } = [];

        public List<string> Ports { get; set; } = [];

        public List<string> Priorities { get; set; } = [];

        public Agency ToAgency() => new(Code, Name, Offshore, Categories, Ports, Priorities.Select(p => p.ToLowerInvariant()).ToArray());
    }
}
