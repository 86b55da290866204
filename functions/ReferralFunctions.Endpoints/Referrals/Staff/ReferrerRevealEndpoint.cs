using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Disclosures;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Referrals.Staff;

/// <summary>
/// <c>POST /api/v1/{role}/referrals/{reference}/referrer-reveal</c>: who referred (the reporting person and the carrier),
/// for a staff member whose role <see cref="ConfidentialityOptions.RevealRoles"/> allows, with a stated purpose in the
/// <c>X-Access-Purpose</c> header. The staff view shows only the referrer's pseudonym; this is the one way past it inside
/// Customs. Each reveal is recorded on the referral (supervisors see the list) and on the audit trail before anything is shown.
/// </summary>
public sealed class ReferrerRevealEndpoint(
    StaffAuthenticator staff,
    ReferralRepository referrals,
    DisclosureStore disclosures,
    ReferrerPseudonyms pseudonyms,
    AuditTrail audit,
    IOptions<ConfidentialityOptions> options,
    TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string role, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var auth = await staff.AuthenticateAsync(request, role, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(context);
        if (!options.Value.RevealRoleList.Contains(role, StringComparer.Ordinal))
        {
            return Problems.Create(context, StatusCodes.Status403Forbidden, ProblemTypes.RevealNotAllowed, "Your role may not reveal the referrer.",
                $"The {role} role sees the referrer's pseudonym only.");
        }

        var (purpose, invalid) = AccessPurpose.ReadRequired(request);
        if (invalid is not null) return invalid;
        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        if (referral is null) return Problems.NotFound(context);

        // Recorded before anything is read: no audit entry and no listed reveal, no referrer.
        var actor = Actor.Staff(auth.User!.UserId);
        var reveal = new ReferrerReveal("reveal-" + Guid.NewGuid().ToString("N")[..16], actor, role, time.GetUtcNow(), purpose!);
        await audit.AppendAsync(new AuditEvent(actor, role, AuditActions.ReferrerRevealed, reference, reveal.Purpose, "reveal=" + reveal.RevealId), cancellationToken).ConfigureAwait(false);
        await disclosures.AddRevealAsync(reference, reveal, cancellationToken).ConfigureAwait(false);
        SecurityEvents.RecordReferrerAccess(context, reference, "referrer-revealed to " + role);

        var submission = await referrals.ReadSubmissionAsync(reference, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(submission ?? "{}"u8.ToArray());
        JsonElement? reporter = document.RootElement.TryGetProperty("reporter", out var found) ? found.Clone() : null;
        return Results.Ok(new ReferrerRevealView(reference, pseudonyms.For(referral.CarrierId), referral.CarrierId, reporter, reveal.RevealId, reveal.At, reveal.Purpose));
    }
}

/// <summary>Who referred: the carrier and its reporting person as submitted, with the reveal that was recorded.</summary>
public sealed record ReferrerRevealView(
    string Reference,
    string ReferrerPseudonym,
    string CarrierId,
    JsonElement? ReportingPerson,
    string RevealId,
    DateTimeOffset RevealedAt,
    string Purpose);
