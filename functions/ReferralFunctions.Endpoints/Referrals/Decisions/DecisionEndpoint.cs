using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Agencies;
using ReferralFunctions.Audit;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Referrals.Decisions;

/// <summary>
/// <c>POST /api/v1/{role}/referrals/{reference}/{step}</c>: a staff member decides a step the workflow waits on.
/// The referral's ETag must come in <c>If-Match</c>, strong or the old weak form (<see cref="EntityTags"/>; stale: 412, so two people cannot both decide one step); a decision
/// repeated with the same <c>decisionId</c> is accepted once and answered the same; a step the workflow is not waiting
/// for gets 409.
/// </summary>
public sealed partial class DecisionEndpoint(
    StaffAuthenticator staff,
    ReferralRepository referrals,
    DecisionStore decisions,
    AuditTrail audit,
    AgencyDirectory agencies,
    TimeProvider time,
    ILogger<DecisionEndpoint> logger)
{
    private static readonly JsonSerializerOptions Json = JsonRequest.Options;

    public async Task<IResult> HandleAsync(HttpRequest request, string reference, DecisionStep step, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(step);
        var context = request.HttpContext;
        var auth = await staff.AuthenticateAsync(request, step.Role, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            return auth.ToProblem(context);
        }

        var body = await JsonRequest.ReadAsync<DecisionRequest>(request, step.Schema, cancellationToken).ConfigureAwait(false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        // Checked against what the workflow can act on when the decision is made: an unknown agency would otherwise
        // be dropped silently, or fail the workflow after the decision was accepted.
        var agenciesNamed = body.Value is { Decision: DecisionChoices.Override, Agencies: { } named } ? KnownAgencies(named, body) : null;
        if (!body.IsValid)
        {
            return body.Invalid(ProblemTypes.InvalidDecision, "The decision has invalid fields.");
        }

        var decision = step.Build(body.Value!, Actor.Staff(auth.User!.UserId));
        if (agenciesNamed is not null)
        {
            decision = decision with { Agencies = agenciesNamed };
        }

        return await DecideAsync(context, reference, decision, Details(body.Value!), request.Headers.IfMatch.ToString(), step.Role, durable, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Accepts a decision for a referral (shared by staff decisions and the carrier's validation answer):
    /// replays a known decision id, checks the step is open and the ETag current, stores, then raises the event.
    /// </summary>
    internal async Task<IResult> DecideAsync(HttpContext context, string reference, StaffDecision decision, Dictionary<string, object?> details, string? ifMatch, string role, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        if (referral is null)
        {
            return Problems.NotFound(context);
        }

        var known = await decisions.FindAsync(reference, decision.DecisionId, cancellationToken).ConfigureAwait(false);
        if (known is not null)
        {
            return await ReplayAsync(context, reference, known, decision, role, durable, cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(ifMatch))
        {
            return Problems.IfMatchRequired(context);
        }

        if (!EntityTags.Matches(ifMatch, referral.ETag))
        {
            return Problems.StaleETag(context);
        }

        if (!referral.OpenDecisions.Contains(decision.Kind, StringComparer.Ordinal))
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.StepNotOpen, "The referral is not waiting for this decision.",
                $"The referral is {referral.Status}; it waits for: {(referral.OpenDecisions.Count == 0 ? "nothing right now" : string.Join(", ", referral.OpenDecisions))}.");
        }

        if (decision.Kind == DecisionKinds.FeedbackClearance)
        {
            // Separation of duties (ASVS 2.3.5): whoever drafted the feedback may not also clear it, whatever roles they hold.
            var draft = await LatestFeedbackDraftAsync(reference, cancellationToken).ConfigureAwait(false);
            if (draft is not null && string.Equals(draft.Actor, decision.Actor, StringComparison.Ordinal))
            {
                return Problems.Create(context, StatusCodes.Status403Forbidden, ProblemTypes.FourEyes, "Feedback needs a second person.",
                    "The supervisor who clears feedback must not be the one who drafted it.");
            }

            if (decision.Choice == DecisionChoices.Release)
            {
                details[DecisionDetails.ReleasedText] = draft is null ? null : FeedbackText(draft);
            }
        }

        var record = new DecisionRecord(decision.DecisionId, decision.Kind, decision.Actor, time.GetUtcNow(),
            JsonSerializer.Serialize(decision, Json), JsonSerializer.Serialize(details, Json));
        // If-Match named the row as just read; storage checks that it is still so (in its own, weak, spelling).
        var accepted = await decisions.AcceptAsync(reference, referral.ETag, record, cancellationToken).ConfigureAwait(false);
        if (!accepted.Accepted)
        {
            known = await decisions.FindAsync(reference, decision.DecisionId, cancellationToken).ConfigureAwait(false);
            return known is not null
                ? await ReplayAsync(context, reference, known, decision, role, durable, cancellationToken).ConfigureAwait(false)
                : Problems.StaleETag(context);
        }

        await AuditAsync(reference, decision, role, cancellationToken).ConfigureAwait(false);

        await durable.RaiseEventAsync(reference, ReferralEvents.Decision, decision, cancellationToken).ConfigureAwait(false);
        Log.Accepted(logger, reference, decision.Kind, decision.DecisionId);
        if (accepted.ETag is not null)
        {
            context.Response.Headers.ETag = EntityTags.ToStrong(accepted.ETag);
        }

        return Results.Json(new DecisionAccepted(reference, decision.DecisionId, decision.Kind, "accepted"), Json, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The agencies' directory codes, in the order named; an error for each code not in the directory or named twice.</summary>
    private string[] KnownAgencies(IReadOnlyList<string> named, JsonBody<DecisionRequest> errors)
    {
        var codes = new List<string>();
        for (var i = 0; i < named.Count; i++)
        {
            if (agencies.Find(named[i] ?? "") is not { } agency)
            {
                errors.Add($"$.agencies[{i}]", "is not a known agency: one of " + string.Join(", ", agencies.All.Select(a => a.Code)));
            }
            else if (codes.Contains(agency.Code, StringComparer.Ordinal))
            {
                errors.Add($"$.agencies[{i}]", "names an agency already listed");
            }
            else
            {
                codes.Add(agency.Code);
            }
        }

        return [.. codes];
    }

    // A repeat of a stored decision: answer as before, and raise the event again in case the first request stopped
    // before raising it (the workflow acts on a decision id once).
    private async Task<IResult> ReplayAsync(HttpContext context, string reference, DecisionRecord known, StaffDecision decision, string role, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (known.Kind != decision.Kind)
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.DecisionIdReused, "This decisionId was used for another decision.",
                null, [new FieldError("$.decisionId", "was already used for another decision")]);
        }

        var stored = JsonSerializer.Deserialize<StaffDecision>(known.EventJson, Json)!;
        await AuditAsync(reference, stored, role, cancellationToken).ConfigureAwait(false);
        await durable.RaiseEventAsync(reference, ReferralEvents.Decision, stored, cancellationToken).ConfigureAwait(false);
        return Results.Json(new DecisionAccepted(reference, known.DecisionId, known.Kind, "accepted"), Json, statusCode: StatusCodes.Status202Accepted);
    }

    // Keyed by the decision id: a repeat after a crash completes a missing entry and never adds a second one.
    private Task<AuditEntry?> AuditAsync(string reference, StaffDecision decision, string role, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditEvent(decision.Actor, role, AuditActions.Decision, reference, decision.Kind,
                $"decision={decision.DecisionId} kind={decision.Kind}" + (decision.Choice is null ? "" : " choice=" + decision.Choice),
                "decision|" + reference + "|" + decision.DecisionId),
            cancellationToken);

    private async Task<DecisionRecord?> LatestFeedbackDraftAsync(string reference, CancellationToken cancellationToken) =>
        (await decisions.GetAsync(reference, cancellationToken).ConfigureAwait(false))
            .Where(d => d.Kind == DecisionKinds.FeedbackDraft)
            .OrderBy(d => d.At)
            .LastOrDefault();

    private static string? FeedbackText(DecisionRecord draft) =>
        JsonDocument.Parse(draft.DetailsJson).RootElement.TryGetProperty("text", out var text) ? text.GetString() : null;

    private static Dictionary<string, object?> Details(DecisionRequest body) => new()
    {
        ["decision"] = body.Decision,
        ["priority"] = body.Priority,
        ["agencies"] = body.Agencies,
        ["treatment"] = body.Treatment,
        ["result"] = body.Result,
        ["followUpActions"] = body.FollowUpActions,
        ["scheduledFor"] = body.ScheduledFor,
        ["reason"] = body.Reason,
        ["findings"] = body.Findings,
        ["lessons"] = body.Lessons,
        ["text"] = body.Text,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Referral {ReferralId}: {Kind} decision {DecisionId} accepted")]
        public static partial void Accepted(ILogger logger, string referralId, string kind, string decisionId);
    }
}

/// <summary>The answer to an accepted decision.</summary>
public sealed record DecisionAccepted(string Reference, string DecisionId, string Kind, string Status);
