using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using ReferralFunctions.Audit;
using ReferralFunctions.Http;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Referrals.WorkflowHealth;

/// <summary>
/// Supervisors' view of workflows that are not carrying their referral on, and the repair that carries one on.
/// <c>GET /api/v1/supervisor/workflow-health</c> lists them; <c>POST /api/v1/supervisor/referrals/{reference}/workflow-repair</c>
/// (If-Match, decisionId, reason; audited) restarts one in resume mode from the stage stored in Table Storage.
/// </summary>
public sealed partial class WorkflowHealthEndpoints(
    StaffAuthenticator staff,
    ReferralRepository referrals,
    ReferralQueries queries,
    WorkflowRepairStore repairs,
    TimelineStore timeline,
    WorkflowHealthCheck health,
    WorkflowRepairer repairer,
    AuditTrail audit,
    TimeProvider time,
    ILogger<WorkflowHealthEndpoints> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly BodySchema RepairSchema = BodySchema.Named("workflow-repair.schema.json");

    public async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Supervisor, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);

        var findings = await health.FindAsync(durable, cancellationToken).ConfigureAwait(false);
        return Results.Json(new WorkflowHealthReport(time.GetUtcNow(), findings.Count, findings), Json);
    }

    public async Task<IResult> RepairAsync(HttpRequest request, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Supervisor, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(context);

        var parsed = await JsonRequest.ReadAsync<WorkflowRepairRequest>(request, RepairSchema, cancellationToken).ConfigureAwait(false);
        if (parsed.Problem is not null) return parsed.Problem;
        if (!parsed.IsValid) return parsed.Invalid(ProblemTypes.InvalidDecision, "The repair has invalid fields.");

        var body = parsed.Value!;
        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        if (referral is null) return Problems.NotFound(context);

        var actor = Actor.Staff(auth.User!.UserId);
        if (await repairs.FindAsync(reference, body.DecisionId!, cancellationToken).ConfigureAwait(false) is { } known)
        {
            // A repeat: finish what the first request may not have (the restart is skipped if it happened), answer the same.
            return await RestartAsync(context, reference, known, durable, cancellationToken).ConfigureAwait(false);
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
        {
            return Problems.IfMatchRequired(context);
        }

        if (!EntityTags.Matches(ifMatch, referral.ETag)) return Problems.StaleETag(context);

        var finding = await health.InspectAsync(durable, reference, cancellationToken).ConfigureAwait(false);
        if (finding is null)
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.WorkflowHealthy, "The referral's workflow needs no repair.",
                $"The referral is {referral.Status} and its workflow is carrying it on; only a workflow listed by the workflow health check can be repaired.");
        }

        var repair = new WorkflowRepairRecord(body.DecisionId!, actor, time.GetUtcNow(), finding.Problem, finding.OrchestrationState, finding.ErrorType, referral.Status, body.Reason!);
        var recorded = await repairs.RecordAsync(reference, referral.ETag, repair, (await queries.ListOpenAsync(reference, cancellationToken).ConfigureAwait(false))?.Repairs ?? 0, cancellationToken).ConfigureAwait(false);
        if (!recorded.Accepted)
        {
            return await repairs.FindAsync(reference, repair.RepairId, cancellationToken).ConfigureAwait(false) is { } raced
                ? await RestartAsync(context, reference, raced, durable, cancellationToken).ConfigureAwait(false)
                : Problems.StaleETag(context);
        }

        Log.Repairing(logger, reference, finding.Problem, finding.OrchestrationState, referral.Status);
        return await RestartAsync(context, reference, repair, durable, cancellationToken).ConfigureAwait(false);
    }

    // The audit entry and timeline entry are keyed by the repair id, and the restart skips an orchestration this repair
    // already started: every step here is safe to repeat.
    private async Task<IResult> RestartAsync(HttpContext context, string reference, WorkflowRepairRecord repair, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(
            new AuditEvent(repair.Actor, StaffRoles.Supervisor, AuditActions.WorkflowRepaired, reference, "workflow repair",
                $"decision={repair.RepairId} problem={repair.Problem} state={repair.OrchestrationState} status={repair.Status}" + (repair.ErrorType is null ? "" : " error=" + repair.ErrorType),
                "repair|" + reference + "|" + repair.RepairId),
            cancellationToken).ConfigureAwait(false);
        await timeline.AppendAsync(
            reference,
            new TimelineEntry("repair-" + repair.RepairId, repair.At, repair.Actor,
                $"Workflow repaired by a supervisor: it was {repair.Problem} ({repair.OrchestrationState}); carried on from {repair.Status}", repair.Status, repair.Reason),
            cancellationToken).ConfigureAwait(false);
        try
        {
            await repairer.RestartAsync(durable, reference, repair.At, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The stuck orchestration has not taken its termination yet: the same decisionId finishes the repair later.
            return Problems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.RepairPending, "The workflow has not stopped yet.",
                "Send the same request (same decisionId) again shortly to finish the repair.", headers: new Dictionary<string, string> { [HeaderNames.RetryAfter] = "15" });
        }

        return Results.Json(new WorkflowRepairAccepted(reference, repair.RepairId, repair.Problem, repair.Status, "repaired"), Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1512, Level = LogLevel.Warning, Message = "Referral {ReferralId}: supervisor repairs its workflow ({Problem}, {OrchestrationState}) at {Status}")]
        public static partial void Repairing(ILogger logger, string referralId, string problem, string orchestrationState, ReferralStatus status);
    }
}

/// <summary>The body of a workflow repair.</summary>
public sealed record WorkflowRepairRequest
{
    public string? DecisionId { get; init; }

    /// <summary>Why the workflow is repaired (kept encrypted with the repair).</summary>
    public string? Reason { get; init; }
}

/// <summary>The workflow health list.</summary>
public sealed record WorkflowHealthReport(DateTimeOffset CheckedAt, int Count, IReadOnlyList<WorkflowFinding> Findings);

/// <summary>The answer to an accepted repair: the problem repaired and the stage the workflow carries on from.</summary>
public sealed record WorkflowRepairAccepted(string Reference, string DecisionId, string Repaired, ReferralStatus ResumedAt, string Status);
