using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReferralFunctions.Agencies;
using ReferralFunctions.Configuration;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.Referrals.Triage;

/// <summary>
/// Proposes a referral's priority, agencies and treatment from its indicators, the carrier's trust and its data.
/// Pure and deterministic: the same input gives the same assessment, reasons in a stable order.
/// </summary>
public sealed class RiskAssessor(AgencyDirectory agencies, IOptions<TriageOptions> options)
{
    private static readonly string[] AbandonedContainerPattern = ["UNCOLLECTED_CONTAINER", "PARTY_UNCONTACTABLE"];
    private static readonly string[] InvalidContact = ["INVALID_CONSIGNEE_PHONE", "INVALID_CONSIGNEE_ADDRESS", "INVALID_PARTY_PHONE", "INVALID_PARTY_ADDRESS", "PHONE_NOT_VALID_FOR_COUNTRY"];
    private static readonly string[] PhysicalAnomaly = ["PACKAGING_INCONSISTENCY", "WEIGHT_INCONSISTENCY", "SEAL_DISCREPANCY", "DOOR_OPENING_EVENT"];

    public RiskAssessment Assess(RiskAssessmentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = options.Value;
        var reasons = new List<RiskReason>();
        var indicators = input.DeclaredIndicators.Concat(input.DerivedIndicators).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var code in indicators)
        {
            if (o.IndicatorWeights.TryGetValue(code, out var points) && points != 0)
            {
                var derived = input.DerivedIndicators.Contains(code) && !input.DeclaredIndicators.Contains(code);
                reasons.Add(new RiskReason($"indicator:{code}", points,
                    $"{(derived ? "Derived from the data" : "Declared by the carrier")}: {IndicatorCatalogue.Describe(code, IndicatorCatalogue.CurrentVersion) ?? code}"));
            }
        }

        if (input.DaysUncollected is { } days && o.DaysUncollectedPoints.LastOrDefault(b => days > b.Key) is { Value: > 0 } band)
        {
            reasons.Add(new RiskReason("days-uncollected", band.Value, $"Container uncollected for {days} days (more than {band.Key})"));
        }

        if (AbandonedContainerPattern.All(indicators.Contains) && indicators.Any(InvalidContact.Contains))
        {
            reasons.Add(new RiskReason("pattern:abandoned-container", o.AbandonedContainerPatternPoints,
                "Abandoned-container pattern: uncollected, parties unreachable, contact details invalid"));
        }

        if (o.CarrierTrustPoints.TryGetValue(input.CarrierTrust, out var trust) && trust != 0)
        {
            reasons.Add(new RiskReason("carrier-trust", trust, $"Referred by a {input.CarrierTrust} carrier"));
        }

        if (input.ValidatedByCarrier && o.ValidatedByCarrierPoints != 0)
        {
            reasons.Add(new RiskReason("validated-by-carrier", o.ValidatedByCarrierPoints, "The carrier confirmed the referral in validation"));
        }

        var score = Math.Max(0, reasons.Sum(r => r.Points));
        if (score != reasons.Sum(r => r.Points))
        {
            reasons.Add(new RiskReason("floor", score - reasons.Sum(r => r.Points), "A score is never below zero"));
        }

        var priority = score >= o.CriticalFrom ? Priorities.Critical : score >= o.HighFrom ? Priorities.High : score >= o.MediumFrom ? Priorities.Medium : Priorities.Low;
        var ports = input.Ports.Append(input.LocationUnLocode).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var proposedAgencies = agencies.Select(input.Category, ports, priority).Select(a => a.Code).ToArray();
        return new RiskAssessment(score, priority, reasons, proposedAgencies, Treatment(priority, indicators), o.ModelVersion);
    }

    private static string Treatment(string priority, string[] indicators) => priority switch
    {
        Priorities.Critical or Priorities.High when indicators.Any(PhysicalAnomaly.Contains) => Treatments.Unpack,
        Priorities.Critical => Treatments.Unpack,
        Priorities.High => Treatments.ReExamination,
        Priorities.Medium => Treatments.DocumentaryCheck,
        _ => Treatments.Monitor,
    };
}

public static class TriageServiceCollectionExtensions
{
    public static IServiceCollection AddTriage(this IServiceCollection services)
    {
        services.AddValidatedOptions<TriageOptions>(TriageOptions.SectionName);
        return services.AddSingleton<RiskAssessor>();
    }
}
