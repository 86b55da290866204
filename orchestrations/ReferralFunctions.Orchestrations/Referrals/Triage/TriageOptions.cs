using ReferralFunctions.Configuration;

namespace ReferralFunctions.Referrals.Triage;

/// <summary>
/// The risk model's weights and thresholds, and each priority's SLAs (section "Triage"). Defaults encode the
/// guideline's common indicators; an administration tunes them as the data-point review learns what detects.
/// </summary>
public sealed class TriageOptions : IValidatedOptions
{
    public const string SectionName = "Triage";

    /// <summary>Version of the model, stored with every assessment so a score can be traced to the weights behind it.</summary>
    public string ModelVersion { get; set; } = "2026.1";

    /// <summary>Points per indicator code, declared or derived.</summary>
    public Dictionary<string, int> IndicatorWeights { get; } = new(StringComparer.Ordinal)
    {
        ["SEAL_DISCREPANCY"] = 20,
        ["DOOR_OPENING_EVENT"] = 20,
        ["ROUTE_DEVIATION"] = 15,
        ["INSIDER_CONCERN"] = 20,
        ["REEFER_TEMPERATURE_ANOMALY"] = 10,
        ["WEIGHT_INCONSISTENCY"] = 15,
        ["PACKAGING_INCONSISTENCY"] = 15,
        ["CCTV_OBSERVATION"] = 10,
        ["CREW_REPORT"] = 10,
        ["DOCUMENT_DISCREPANCY"] = 10,
        ["LATE_DOCUMENT_CHANGE"] = 10,
        ["UNUSUAL_ROUTING"] = 10,
        ["NEW_OR_UNKNOWN_PARTY"] = 8,
        ["UNCOLLECTED_CONTAINER"] = 10,
        ["DEMURRAGE_ACCRUING"] = 5,
        ["PARTY_UNCONTACTABLE"] = 10,
        ["INVALID_CONSIGNEE_PHONE"] = 8,
        ["INVALID_CONSIGNEE_ADDRESS"] = 8,
        ["INVALID_PARTY_PHONE"] = 6,
        ["INVALID_PARTY_ADDRESS"] = 6,
        ["OTHER"] = 3,
        ["CONTAINER_CHECK_DIGIT_MISMATCH"] = 20,
        ["IMO_CHECK_DIGIT_MISMATCH"] = 15,
        ["PHONE_NOT_VALID_FOR_COUNTRY"] = 8,
        ["PORT_NOT_IN_REFERENCE_LIST"] = 3,
    };

    /// <summary>Points by days a container has stood uncollected: the highest band reached counts.</summary>
    public SortedDictionary<int, int> DaysUncollectedPoints { get; } = new() { [14] = 5, [30] = 10, [60] = 15 };

    /// <summary>Points by the referring carrier's trust level.</summary>
    public Dictionary<string, int> CarrierTrustPoints { get; } = new(StringComparer.OrdinalIgnoreCase) { ["trusted"] = 10, ["standard"] = 0, ["new"] = -5 };

    /// <summary>Points when the carrier confirmed the referral in validation.</summary>
    public int ValidatedByCarrierPoints { get; set; } = 5;

    /// <summary>The abandoned-container pattern: uncollected, parties unreachable, contact details invalid.</summary>
    public int AbandonedContainerPatternPoints { get; set; } = 15;

    /// <summary>Lowest score of each priority.</summary>
    public int CriticalFrom { get; set; } = 75;

    public int HighFrom { get; set; } = 45;

    public int MediumFrom { get; set; } = 25;

    /// <summary>Time to decide triage, by proposed priority.</summary>
    public Dictionary<string, TimeSpan> TriageSlas { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [Priorities.Critical] = TimeSpan.FromHours(1),
        [Priorities.High] = TimeSpan.FromHours(4),
        [Priorities.Medium] = TimeSpan.FromHours(24),
        [Priorities.Low] = TimeSpan.FromHours(72),
    };

    /// <summary>Time from triage to a recorded outcome, by approved priority.</summary>
    public Dictionary<string, TimeSpan> TreatmentSlas { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [Priorities.Critical] = TimeSpan.FromHours(24),
        [Priorities.High] = TimeSpan.FromHours(72),
        [Priorities.Medium] = TimeSpan.FromDays(7),
        [Priorities.Low] = TimeSpan.FromDays(30),
    };

    public IEnumerable<string> Problems()
    {
        IReadOnlyList<string> priorities = Priorities.All;
        var problems = OptionRules.Required($"{SectionName}:ModelVersion", ModelVersion).ToList();
        if (!(CriticalFrom > HighFrom && HighFrom > MediumFrom))
        {
            problems.Add($"{SectionName}:CriticalFrom, HighFrom and MediumFrom must decrease in that order.");
        }

        foreach (var (name, slas) in new[] { (nameof(TriageSlas), TriageSlas), (nameof(TreatmentSlas), TreatmentSlas) })
        {
            problems.AddRange(slas.Keys.Where(p => !priorities.Contains(p, StringComparer.OrdinalIgnoreCase))
                .Select(p => $"{SectionName}:{name}:{p} is not a priority (critical, high, medium, low)."));
            problems.AddRange(slas.SelectMany(s => OptionRules.Positive($"{SectionName}:{name}:{s.Key}", s.Value, TimeSpan.FromDays(366))));
        }

        return problems;
    }

    public TimeSpan TriageSla(string priority) => TriageSlas.TryGetValue(priority, out var sla) ? sla : TriageSlas.Values.Max();

    public TimeSpan TreatmentSla(string priority) => TreatmentSlas.TryGetValue(priority, out var sla) ? sla : TreatmentSlas.Values.Max();
}
