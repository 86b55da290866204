using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Referrals.Triage;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Assesses a referral's risk from its declared and derived indicators, the carrier's trust level and its data, stores
/// the score with every reason behind it (for the analyst), and returns the proposal the workflow needs.
/// </summary>
[DurableTask(nameof(AssessRiskActivity))]
public sealed class AssessRiskActivity(
    ReferralRepository referrals,
    RiskAssessmentStore risks,
    RiskAssessor assessor,
    IOptions<TriageOptions> triage,
    IOptions<WorkflowOptions> workflow) : TaskActivity<AssessRiskInput, TriageProposal>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<TriageProposal> RunAsync(TaskActivityContext context, AssessRiskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (referral, submission) = await StoredReferral.LoadAsync(referrals, input.ReferralId).ConfigureAwait(false);
        var shipment = submission.Shipment;
        var ports = new[] { submission.Location.UnLocode, shipment?.PortOfLoading, shipment?.PortOfDischarge, shipment?.PlaceOfDelivery }
            .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

        var assessment = assessor.Assess(new RiskAssessmentInput(
            submission.Category,
            referral.DeclaredIndicators,
            referral.DerivedIndicators.Select(d => d.Code).Distinct(StringComparer.Ordinal).ToArray(),
            workflow.Value.CarrierTrust.TryGetValue(referral.CarrierId, out var trust) ? trust : "standard",
            DaysUncollected(submission),
            submission.Location.UnLocode,
            ports,
            input.ValidatedByCarrier,
            shipment?.ContainerNumbers?.Count ?? 0));

        await risks.SetAsync(input.ReferralId, JsonSerializer.Serialize(assessment, Json), CancellationToken.None).ConfigureAwait(false);
        return new TriageProposal(assessment.Score, assessment.Priority, assessment.ProposedAgencies, assessment.ProposedTreatment, triage.Value.TriageSla(assessment.Priority));
    }

    /// <summary>Days uncollected as stated, or from arrival to the observation when the container never left the terminal.</summary>
    internal static int? DaysUncollected(ReferralSubmission submission)
    {
        var shipment = submission.Shipment;
        if (shipment?.DaysUncollected is { } stated)
        {
            return stated;
        }

        return shipment?.ArrivedAt is { } arrived && shipment.LastGateOutAt is null && submission.ObservedAt > arrived
            ? (int)(submission.ObservedAt - arrived).TotalDays
            : null;
    }
}
