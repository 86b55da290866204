using System.Collections.Frozen;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// Versioned catalogue of indicator codes. Declared codes come from carriers; derived codes are produced only by
/// validation (data-quality findings) and may not be declared.
/// </summary>
public static class IndicatorCatalogue
{
    public const string CurrentVersion = "2026.1";

    public const string ContainerCheckDigitMismatch = "CONTAINER_CHECK_DIGIT_MISMATCH";
    public const string ImoCheckDigitMismatch = "IMO_CHECK_DIGIT_MISMATCH";
    public const string PhoneNotValidForCountry = "PHONE_NOT_VALID_FOR_COUNTRY";
    public const string PortNotInReferenceList = "PORT_NOT_IN_REFERENCE_LIST";

    private static readonly FrozenDictionary<string, string> Declared2026_1 = new Dictionary<string, string>
    {
        ["UNCOLLECTED_CONTAINER"] = "Container not collected within the expected time after discharge.",
        ["DEMURRAGE_ACCRUING"] = "Demurrage or detention charges accruing without payment.",
        ["PARTY_UNCONTACTABLE"] = "A party to the shipment cannot be contacted.",
        ["INVALID_CONSIGNEE_PHONE"] = "Consignee phone number is invalid or not in service.",
        ["INVALID_CONSIGNEE_ADDRESS"] = "Consignee address is invalid or does not exist.",
        ["INVALID_PARTY_PHONE"] = "Another party's phone number is invalid or not in service.",
        ["INVALID_PARTY_ADDRESS"] = "Another party's address is invalid or does not exist.",
        ["SEAL_DISCREPANCY"] = "Seal missing, broken, or not matching the documents.",
        ["REEFER_TEMPERATURE_ANOMALY"] = "Refrigerated container temperature inconsistent with the declared goods.",
        ["DOOR_OPENING_EVENT"] = "Container technology recorded an unexpected door opening.",
        ["ROUTE_DEVIATION"] = "Container technology recorded a deviation from the expected route.",
        ["CCTV_OBSERVATION"] = "Suspicious activity observed on CCTV.",
        ["CREW_REPORT"] = "Concern reported by the vessel's crew.",
        ["WEIGHT_INCONSISTENCY"] = "Measured weight inconsistent with the declared weight or goods.",
        ["PACKAGING_INCONSISTENCY"] = "Packaging inconsistent with the declared goods.",
        ["DOCUMENT_DISCREPANCY"] = "Shipping documents inconsistent with each other or with the cargo.",
        ["LATE_DOCUMENT_CHANGE"] = "Shipping documents amended late or unusually.",
        ["UNUSUAL_ROUTING"] = "Routing that makes no commercial sense for the goods.",
        ["NEW_OR_UNKNOWN_PARTY"] = "A party new to the carrier or with no trading history.",
        ["INSIDER_CONCERN"] = "Concern about the conduct of staff or contractors.",
        ["OTHER"] = "Another indicator, described in its detail.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Derived = new Dictionary<string, string>
    {
        [ContainerCheckDigitMismatch] = "A container number's ISO 6346 check digit does not match.",
        [ImoCheckDigitMismatch] = "The vessel's IMO number check digit does not match.",
        [PhoneNotValidForCountry] = "A phone number cannot be valid for its country.",
        [PortNotInReferenceList] = "A UN/LOCODE is not in the seaport reference list.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> DeclaredByVersion =
        new Dictionary<string, FrozenDictionary<string, string>>
        {
            [CurrentVersion] = Declared2026_1,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Versions => DeclaredByVersion.Keys;

    public static bool IsKnownVersion(string version) => DeclaredByVersion.ContainsKey(version);

    /// <summary>True when <paramref name="code"/> is in catalogue <paramref name="version"/>, declared or derived.</summary>
    public static bool IsKnown(string code, string version) =>
        DeclaredByVersion.TryGetValue(version, out var declared) && (declared.ContainsKey(code) || Derived.ContainsKey(code));

    /// <summary>True when a carrier may declare <paramref name="code"/> under catalogue <paramref name="version"/>.</summary>
    public static bool IsDeclarable(string code, string version) =>
        DeclaredByVersion.TryGetValue(version, out var declared) && declared.ContainsKey(code);

    /// <summary>True for codes only the system produces.</summary>
    public static bool IsDerived(string code) => Derived.ContainsKey(code);

    /// <summary>The short description of a code, or null when the code or version is unknown.</summary>
    public static string? Describe(string code, string version) =>
        !DeclaredByVersion.TryGetValue(version, out var declared) ? null
        : declared.TryGetValue(code, out var description) ? description
        : Derived.GetValueOrDefault(code);

    /// <summary>The codes a carrier may declare under <paramref name="version"/>; empty when the version is unknown.</summary>
    public static IReadOnlyCollection<string> DeclarableCodes(string version) =>
        DeclaredByVersion.TryGetValue(version, out var declared) ? declared.Keys : [];

    public static IReadOnlyCollection<string> DerivedCodes => Derived.Keys;
}
