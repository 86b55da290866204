using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ReferralFunctions.Audit;
using ReferralFunctions.Carriers;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.Status;

/// <summary>
/// <c>GET /api/v1/referrals/{reference}/feedback</c> (signed): the feedback Customs released to the referring carrier;
/// 404 until it is released (and for any other carrier).
/// </summary>
public sealed class CarrierFeedbackEndpoint(CarrierReferralAccess access, DecisionStore decisions, AuditTrail audit)
{
    public Task<IResult> HandleAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return access.ReadOwnedAsync(request, reference, (referral, carrier) => FeedbackAsync(request.HttpContext, referral, carrier, cancellationToken), cancellationToken);
    }

    private async Task<IResult> FeedbackAsync(HttpContext context, ReferralRecord referral, CarrierAuthentication carrier, CancellationToken cancellationToken)
    {
        var reference = referral.Id;
        var release = referral.Fact(WorkflowFacts.FeedbackDecisionId) is { } id ? await decisions.FindAsync(reference, id, cancellationToken).ConfigureAwait(false) : null;
        if (release is null)
        {
            return Problems.Create(context, StatusCodes.Status404NotFound, ProblemTypes.FeedbackNotAvailable, "No feedback has been released yet.",
                "Customs releases feedback as soon as operational security allows.");
        }

        await audit.AppendAsync(new AuditEvent(carrier.Actor!, ActorRoles.Carrier, AuditActions.FeedbackRead, reference, "released feedback", "decision=" + release.DecisionId), cancellationToken).ConfigureAwait(false);
        var text = JsonDocument.Parse(release.DetailsJson).RootElement.GetProperty(DecisionDetails.ReleasedText).GetString();
        return Results.Ok(new CarrierFeedback(reference, release.At, text ?? ""));
    }
}

/// <summary>Feedback released to the referring carrier.</summary>
public sealed record CarrierFeedback(string Reference, DateTimeOffset ReleasedAt, string Feedback);
