using System.Globalization;
using Microsoft.DurableTask;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals.Triage;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Sends each selected agency its own message with only what it needs to know: never the carrier, the reporting
/// person, party contact details or the narrative; the referrer appears as a stable pseudonym. Message ids are
/// deterministic, so a retry after a crash is dropped by duplicate detection.
/// </summary>
[DurableTask(nameof(NotifyAgenciesActivity))]
public sealed class NotifyAgenciesActivity(ReferralRepository referrals, IReferralMessagePublisher publisher, ReferrerPseudonyms pseudonyms)
    : TaskActivity<NotifyAgenciesInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, NotifyAgenciesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (referral, submission) = await StoredReferral.LoadAsync(referrals, input.ReferralId).ConfigureAwait(false);
        var shipment = submission.Shipment;
        var notification = new AgencyNotificationMessage(
            referral.Id,
            referral.Category,
            input.Priority,
            submission.Summary,
            submission.Location.UnLocode,
            new AgencyShipmentIdentifiers
            {
                ContainerNumbers = shipment?.ContainerNumbers ?? [],
                SealNumbers = shipment?.SealNumbers ?? [],
                BillOfLading = shipment?.BillOfLading,
                VesselName = shipment?.Vessel?.Name,
                VesselImoNumber = shipment?.Vessel?.ImoNumber,
                Voyage = shipment?.Vessel?.Voyage,
                PortOfLoading = shipment?.PortOfLoading,
                PortOfDischarge = shipment?.PortOfDischarge,
                PlaceOfDelivery = shipment?.PlaceOfDelivery,
                ArrivedAt = Iso(shipment?.ArrivedAt),
                LastGateInAt = Iso(shipment?.LastGateInAt),
                LastGateOutAt = Iso(shipment?.LastGateOutAt),
                DeclaredGoods = shipment?.DeclaredGoods,
                HsCode = shipment?.HsCode,
            },
            referral.DeclaredIndicators,
            referral.DerivedIndicators.Select(d => d.Code).Distinct(StringComparer.Ordinal).ToArray(),
            input.Priority is Priorities.Critical or Priorities.High ? "assess-and-advise" : "note-for-intelligence",
            pseudonyms.For(referral.CarrierId));

        foreach (var agency in input.Agencies)
        {
            await publisher.PublishAsync(AgencyNotification.Create(agency, notification), CancellationToken.None).ConfigureAwait(false);
        }

        return input.Agencies.Count;
    }

    private static string? Iso(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);
}
