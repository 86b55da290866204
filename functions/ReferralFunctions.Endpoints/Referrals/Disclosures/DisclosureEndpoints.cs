using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using ReferralFunctions.Agencies;
using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Http;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Referrals.Disclosures;

/// <summary>
/// Revealing the referrer to another agency: the one deliberate exception to referrer protection. An analyst requests it
/// for one agency with a legal basis and a purpose; a supervisor who is not the requester approves or refuses it. Only
/// an approval sends the referrer's identity, in one message to that agency alone. Every step is on the audit trail.
/// </summary>
public sealed class DisclosureEndpoints(
    StaffAuthenticator staff,
    ReferralRepository referrals,
    DisclosureStore disclosures,
    AgencyDirectory agencies,
    IReferralMessagePublisher publisher,
    ReferrerPseudonyms pseudonyms,
    AuditTrail audit,
    TimeProvider time)
{
    public const string Subject = "referrer-disclosure";

    private static readonly BodySchema RequestSchema = BodySchema.Named("disclosure-request.schema.json");
    private static readonly BodySchema DecisionSchema = BodySchema.Named("disclosure-decision.schema.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary><c>POST /api/v1/analyst/referrals/{reference}/disclosures</c>.</summary>
    public async Task<IResult> RequestAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Analyst, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(context);

        var parsed = await JsonRequest.ReadAsync<DisclosureRequest>(request, RequestSchema, cancellationToken).ConfigureAwait(false);
        if (parsed.Problem is not null) return parsed.Problem;
        if (parsed.Value is { Agency: { } named } && agencies.Find(named) is null)
        {
            parsed.Add("$.agency", "must be one of: " + string.Join(", ", agencies.All.Select(a => a.Code)));
        }

        if (!parsed.IsValid)
        {
            return parsed.Invalid(ProblemTypes.InvalidDisclosure, "The disclosure request has invalid fields.");
        }

        var body = parsed.Value!;
        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        if (referral is null) return Problems.NotFound(context);

        var requested = new DisclosureRecord(body.DisclosureId!, agencies.Find(body.Agency!)!.Code, body.LegalBasis!.Trim(), body.Purpose!.Trim(),
            Actor.Staff(auth.User!.UserId), time.GetUtcNow(), DisclosureStates.AwaitingApproval);
        var stored = await disclosures.AddAsync(reference, requested, cancellationToken).ConfigureAwait(false);
        if (stored.Agency != requested.Agency || stored.LegalBasis != requested.LegalBasis || stored.Purpose != requested.Purpose || stored.RequestedBy != requested.RequestedBy)
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.DisclosureIdReused, "This disclosureId was used for another request.",
                null, [new FieldError("$.disclosureId", "was already used for another request")]);
        }

        await audit.AppendAsync(
            new AuditEvent(stored.RequestedBy, StaffRoles.Analyst, AuditActions.DisclosureRequested, reference, stored.Purpose,
                $"disclosure={stored.DisclosureId} agency={stored.Agency} legalBasis={stored.LegalBasis}", "disclosure-request|" + reference + "|" + stored.DisclosureId),
            cancellationToken).ConfigureAwait(false);
        SecurityEvents.RecordReferrerAccess(context, reference, $"disclosure {stored.DisclosureId} to {stored.Agency} requested");
        return Results.Json(View(reference, stored), Json, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>POST /api/v1/supervisor/referrals/{reference}/disclosure-approvals</c>.</summary>
    public async Task<IResult> DecideAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Supervisor, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(context);

        var parsed = await JsonRequest.ReadAsync<DisclosureDecision>(request, DecisionSchema, cancellationToken).ConfigureAwait(false);
        if (parsed.Problem is not null) return parsed.Problem;
        if (!parsed.IsValid)
        {
            return parsed.Invalid(ProblemTypes.InvalidDisclosureDecision, "The disclosure decision has invalid fields.");
        }

        var body = parsed.Value!;
        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        var disclosure = referral is null ? null : await disclosures.FindAsync(reference, body.DisclosureId!, cancellationToken).ConfigureAwait(false);
        if (disclosure is null) return Problems.NotFound(context);

        var supervisor = Actor.Staff(auth.User!.UserId);
        if (disclosure.RequestedBy == supervisor)
        {
            return Problems.Create(context, StatusCodes.Status403Forbidden, ProblemTypes.FourEyes, "A disclosure needs a second person.",
                "The supervisor who approves or refuses a disclosure must not be the one who requested it.");
        }

        var state = body.Decision == "approve" ? DisclosureStates.Approved : DisclosureStates.Refused;
        if (disclosure.State == DisclosureStates.AwaitingApproval)
        {
            var decided = disclosure with { State = state, DecidedBy = supervisor, DecidedAt = time.GetUtcNow() };
            disclosure = await disclosures.DecideAsync(reference, decided, cancellationToken).ConfigureAwait(false)
                ? decided
                : (await disclosures.FindAsync(reference, disclosure.DisclosureId, cancellationToken).ConfigureAwait(false))!;
        }

        if (disclosure.State != state || disclosure.DecidedBy != supervisor)
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.DisclosureDecided, "This disclosure was already decided.",
                $"It was {disclosure.State} by another decision.");
        }

        // Repeats land here too: the message id and the audit key make sending and recording happen once.
        if (state == DisclosureStates.Approved)
        {
            var submission = ReferralJson.Deserialize(await referrals.ReadSubmissionAsync(reference, cancellationToken).ConfigureAwait(false) ?? [])
                ?? throw new InvalidDataException($"Referral {reference} has no readable submission.");
            await publisher.PublishAsync(Message(referral!, submission, disclosure), cancellationToken).ConfigureAwait(false);
        }

        await audit.AppendAsync(
            new AuditEvent(supervisor, StaffRoles.Supervisor, state == DisclosureStates.Approved ? AuditActions.DisclosureApproved : AuditActions.DisclosureRefused,
                reference, disclosure.Purpose, $"disclosure={disclosure.DisclosureId} agency={disclosure.Agency} legalBasis={disclosure.LegalBasis}",
                "disclosure-decision|" + reference + "|" + disclosure.DisclosureId),
            cancellationToken).ConfigureAwait(false);
        SecurityEvents.RecordReferrerAccess(context, reference, $"disclosure {disclosure.DisclosureId} to {disclosure.Agency} {disclosure.State}");
        return Results.Json(View(reference, disclosure), Json);
    }

    /// <summary>The one message that names the referrer: to the approved agency only, keyed so it is sent once.</summary>
    private OutboundMessage Message(ReferralRecord referral, ReferralSubmission submission, DisclosureRecord disclosure) => new(
        MessageTopics.AgencyNotifications,
        $"{referral.Id}:disclose:{disclosure.DisclosureId}",
        Subject,
        referral.Id,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["agency"] = disclosure.Agency,
            ["referralId"] = referral.Id,
        },
        JsonSerializer.Serialize(
            new ReferrerDisclosureMessage(
                referral.Id,
                pseudonyms.For(referral.CarrierId),
                referral.CarrierId,
                submission.Reporter,
                disclosure.LegalBasis,
                disclosure.Purpose,
                disclosure.RequestedBy,
                disclosure.DecidedBy!,
                disclosure.DecidedAt!.Value),
            Json));

    private static DisclosureView View(string reference, DisclosureRecord d) =>
        new(reference, d.DisclosureId, d.Agency, d.LegalBasis, d.Purpose, d.State, d.RequestedBy, d.RequestedAt, d.DecidedBy, d.DecidedAt);
}

/// <summary>An analyst's request to reveal the referrer to one agency.</summary>
public sealed record DisclosureRequest
{
    public string? DisclosureId { get; init; }

    public string? Agency { get; init; }

    public string? LegalBasis { get; init; }

    public string? Purpose { get; init; }
}

/// <summary>A supervisor's decision on a disclosure request.</summary>
public sealed record DisclosureDecision
{
    public string? DisclosureId { get; init; }

    public string? Decision { get; init; }
}

public sealed record DisclosureView(
    string Reference,
    string DisclosureId,
    string Agency,
    string LegalBasis,
    string Purpose,
    string State,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt);

/// <summary>What the approved agency receives: who referred, under which legal basis and for what purpose, approved by whom.</summary>
public sealed record ReferrerDisclosureMessage(
    string ReferralReference,
    string ReferrerPseudonym,
    string ReferringCarrier,
    ReportingPerson ReportingPerson,
    string LegalBasis,
    string Purpose,
    string RequestedBy,
    string ApprovedBy,
    DateTimeOffset ApprovedAt);
