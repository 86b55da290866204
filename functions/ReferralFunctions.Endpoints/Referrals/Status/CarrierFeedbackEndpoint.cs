using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ReferralFunctions.Carriers;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.Referrals.Status;

/// <summary>
/// <c>GET /api/v1/referrals/{reference}/feedback</c> (signed): the feedback Customs released to the referring carrier;
/// 404 until it is released (and for any other carrier).
/// </summary>
public sealed class CarrierFeedbackEndpoint(CarrierRequestAuthenticator authenticator, ReferralRepository referrals)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var auth = await authenticator.AuthenticateAsync(request, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            return Problems.Unauthorized(context, SubmitReferralEndpoint.AuthProblemDetail(auth));
        }

        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        if (referral is null || referral.CarrierId != auth.CarrierId)
        {
            return Problems.NotFound(context);
        }

        var release = referral.Fact("FeedbackDecisionId") is { } id ? await referrals.FindDecisionAsync(reference, id, cancellationToken).ConfigureAwait(false) : null;
        if (release is null)
        {
            return Problems.Create(context, StatusCodes.Status404NotFound, "feedback-not-available", "No feedback has been released yet.",
                "Customs releases feedback as soon as operational security allows.");
        }

        var text = JsonDocument.Parse(release.DetailsJson).RootElement.GetProperty("releasedText").GetString();
        return Results.Ok(new CarrierFeedback(reference, release.At, text ?? ""));
    }
}

/// <summary>Feedback released to the referring carrier.</summary>
public sealed record CarrierFeedback(string Reference, DateTimeOffset ReleasedAt, string Feedback);
