namespace ReferralFunctions.Messaging;

/// <summary>
/// What one partner agency is told about a referral: the body of its message, and nothing more. It deliberately has no
/// place for the carrier, the reporter or reporting person, party contact details or the narrative; the referrer appears
/// only as <see cref="ReferrerPseudonym"/>.
/// </summary>
/// <param name="ReferralReference">The reference number, e.g. <c>RF-2026-ABCD-EFGH</c>.</param>
/// <param name="LocationUnLocode">Where the shipment is, as a UN/LOCODE.</param>
/// <param name="DeclaredIndicators">Indicator codes the referrer declared.</param>
/// <param name="DerivedIndicators">Indicator codes the system derived from the data.</param>
/// <param name="RequestedAction">What the agency is asked to do, e.g. <c>assess</c> or <c>hold-and-inspect</c>.</param>
/// <param name="ReferrerPseudonym">Stands for the referrer towards the agency; chosen by the caller.</param>
public sealed record AgencyNotificationMessage(
    string ReferralReference,
    string Category,
    string Priority,
    string Summary,
    string? LocationUnLocode,
    AgencyShipmentIdentifiers Shipment,
    IReadOnlyList<string> DeclaredIndicators,
    IReadOnlyList<string> DerivedIndicators,
    string RequestedAction,
    string ReferrerPseudonym);

/// <summary>Identifiers of the shipment an agency needs to find it. Ports are UN/LOCODEs; dates are ISO 8601 strings.</summary>
public sealed record AgencyShipmentIdentifiers
{
    public IReadOnlyList<string> ContainerNumbers { get; init; } = [];

    public IReadOnlyList<string> SealNumbers { get; init; } = [];

    public string? BillOfLading { get; init; }

    public string? VesselName { get; init; }

    public string? VesselImoNumber { get; init; }

    public string? Voyage { get; init; }

    public string? PortOfLoading { get; init; }

    public string? PortOfDischarge { get; init; }

    public string? PlaceOfDelivery { get; init; }

    public string? ArrivedAt { get; init; }

    public string? LastGateInAt { get; init; }

    public string? LastGateOutAt { get; init; }

    public string? DeclaredGoods { get; init; }

    public string? HsCode { get; init; }
}
