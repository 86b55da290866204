using ReferralFunctions.Messaging;

namespace ReferralFunctions.UnitTests.Messaging;

/// <summary>
/// A referral's agency-facing facts and, beside them, the confidential values of the same referral that must never reach
/// an agency: tests put both in and look for the second in what is sent.
/// </summary>
internal static class MessagingTestData
{
    public const string ReferralId = "RF-2026-ABCD-EFGH";
    public const string ReferrerPseudonym = "referrer-7f3a";

    // What the intake holds about who reported it; a caller building a notification has these at hand.
    public const string CarrierId = "ACME-LINES";
    public const string ReporterName = "Johanna Verhoeven-Quist";
    public const string ReporterEmail = "j.verhoeven@acme-lines.example";
    public const string ReporterPhone = "+31104567890";
    public const string Narrative = "Seal looked re-glued; the driver insisted on a night gate-out";

    /// <summary>JSON property names that would mean the referrer or the narrative leaked into an agency's message.</summary>
    public static readonly string[] ForbiddenPropertyNameParts =
        ["carrier", "reporter", "reporting", "contact", "phone", "email", "narrative", "party", "parties", "person"];

    public static readonly string[] ConfidentialValues = [CarrierId, ReporterName, ReporterEmail, ReporterPhone, Narrative];

    public static AgencyNotificationMessage Notification(string referralId = ReferralId) => new(
        referralId,
        Category: "drugs",
        Priority: "high",
        Summary: "Container with unusual routing and seal discrepancy",
        LocationUnLocode: "NLRTM",
        new AgencyShipmentIdentifiers
        {
            ContainerNumbers = ["MSKU1234565"],
            SealNumbers = ["SL-998877"],
            BillOfLading = "MAEU123456789",
            VesselName = "MAERSK EXAMPLE",
            VesselImoNumber = "9321483",
            Voyage = "245W",
            PortOfLoading = "ECGYE",
            PortOfDischarge = "NLRTM",
            ArrivedAt = "2026-11-27T06:00:00Z",
            DeclaredGoods = "Fresh bananas",
            HsCode = "080390",
        },
        DeclaredIndicators: ["SEAL-DISCREPANCY"],
        DerivedIndicators: ["ROUTING-HIGH-RISK-ORIGIN"],
        RequestedAction: "assess",
        ReferrerPseudonym);
}
