using Microsoft.AspNetCore.Http;
using ReferralFunctions.Audit;
using ReferralFunctions.Carriers;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.Status;

/// <summary>
/// <c>GET /api/v1/referrals/{reference}</c>: the submitting carrier sees its referral's staged status. Any other carrier
/// gets the same 404 as for a reference that does not exist.
/// </summary>
public sealed class GetReferralEndpoint(CarrierReferralAccess access, QuestionStore questionStore, AuditTrail audit)
{
    public Task<IResult> HandleAsync(HttpRequest request, string reference, CancellationToken cancellationToken) =>
        access.ReadOwnedAsync(request, reference, (referral, carrier) => ViewAsync(referral, carrier, cancellationToken), cancellationToken);

    private async Task<IResult> ViewAsync(ReferralRecord referral, CarrierAuthentication carrier, CancellationToken cancellationToken)
    {
        var reference = referral.Id;
        // Customs' questions show while validation with the carrier is open; nothing else internal is shown.
        var questions = referral.OpenDecisions.Contains(DecisionKinds.Validation)
            ? (await questionStore.GetAsync(reference, cancellationToken).ConfigureAwait(false)).Select(q => new CarrierQuestion(q.QuestionId, q.Path, q.Text)).ToArray()
            : [];
        if (questions.Length > 0)
        {
            // The questions are confidential; the bare status is not.
            await audit.AppendAsync(new AuditEvent(carrier.Actor!, ActorRoles.Carrier, AuditActions.ReferralRead, reference, "validation questions"), cancellationToken).ConfigureAwait(false);
        }

        return Results.Ok(new CarrierReferralView(
            referral.Id,
            CarrierStage.For(referral.Status),
            referral.ReceivedAt,
            referral.UpdatedAt,
            referral.ContentSha256,
            referral.Warnings.Select(w => new FieldError(w.Path, w.Message)).ToArray(),
            questions,
            referral.Fact(WorkflowFacts.FeedbackDecisionId) is not null));
    }
}

/// <summary>What a carrier sees of its referral: the staged status only, no internal detail.</summary>
public sealed record CarrierReferralView(
    string Reference,
    string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset LastUpdatedAt,
    string ContentSha256,
    IReadOnlyList<FieldError> Warnings,
    IReadOnlyList<CarrierQuestion> Questions,
    bool FeedbackAvailable);

/// <summary>A validation question Customs asks the carrier; answer with POST …/validation.</summary>
public sealed record CarrierQuestion(string Id, string? Path, string Question);
