using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Http;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Disclosures;
using ReferralFunctions.Referrals.Triage;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Staff;

/// <summary>
/// Staff views: the referral queue, one referral with its timeline, the messages each agency would have received
/// (local stand-in), validation questions, and reminders/escalations. Reads only; decisions are in DecisionEndpoint.
/// Who referred is need-to-know inside Customs too: the referral view names the referrer by pseudonym only, without the
/// reporting person; <see cref="ReferrerRevealEndpoint"/> is the audited way to learn who it is.
/// </summary>
public sealed class StaffReferralEndpoints(
    StaffAuthenticator staff,
    ReferralRepository referrals,
    ReferralQueries queries,
    TimelineStore timeline,
    DecisionStore decisionStore,
    QuestionStore questions,
    DisclosureStore disclosures,
    RiskAssessmentStore risks,
    ReferralTables tables,
    AuditTrail audit,
    ReferrerPseudonyms pseudonyms,
    IServiceProvider services)
{
    private static readonly BodySchema QuestionSchema = BodySchema.Named("question.schema.json");

    /// <summary><c>GET /api/v1/analyst/referrals?status=&amp;priority=</c>.</summary>
    public async Task<IResult> QueueAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Analyst, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);

        var errors = new List<FieldError>();
        ReferralStatus? status = null;
        if (request.Query["status"].ToString() is { Length: > 0 } s)
        {
            if (Enum.TryParse<ReferralStatus>(s, ignoreCase: true, out var parsed) && !int.TryParse(s, out _)) status = parsed;
            else errors.Add(new FieldError("status", "must be one of: " + string.Join(", ", Enum.GetNames<ReferralStatus>())));
        }

        var priority = request.Query["priority"].ToString() is { Length: > 0 } p ? p : null;
        if (priority is not null && !Priorities.All.Contains(priority)) errors.Add(new FieldError("priority", "must be one of: " + string.Join(", ", Priorities.All)));
        if (errors.Count > 0) return Problems.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemTypes.InvalidQuery, "The query has invalid parameters.", null, errors);

        var found = await queries.QueryAsync(status, priority, 500, cancellationToken).ConfigureAwait(false);
        return Results.Ok(found.Select(r => new QueueItem(r.Id, r.Status.ToString(), r.Fact(WorkflowFacts.Priority), r.Fact(WorkflowFacts.ProposedPriority), r.Category, r.ReceivedAt, r.UpdatedAt, r.OpenDecisions)).ToArray());
    }

    /// <summary><c>GET /api/v1/{role}/referrals/{reference}</c>: everything staff need to decide, with the ETag to decide with.</summary>
    public async Task<IResult> DetailAsync(HttpRequest request, string role, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await staff.AuthenticateAsync(request, role, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);

        var (purpose, invalid) = AccessPurpose.Read(request, role + " review");
        if (invalid is not null) return invalid;
        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        if (referral is null) return Problems.NotFound(request.HttpContext);

        // Recorded before anything confidential is read: no audit entry, no data.
        await audit.AppendAsync(new AuditEvent(Actor.Staff(auth.User!.UserId), role, AuditActions.ReferralRead, reference, purpose!), cancellationToken).ConfigureAwait(false);
        var submission = await referrals.ReadSubmissionAsync(reference, cancellationToken).ConfigureAwait(false);
        var risk = await risks.GetAsync(reference, cancellationToken).ConfigureAwait(false);
        var decisions = await decisionStore.GetAsync(reference, cancellationToken).ConfigureAwait(false);

        // The carrier appears as its pseudonym, also where it acted (its validation answer, its timeline entries). It is
        // stored so; entries written before carriers were protected at rest name it by id and are shown by pseudonym too.
        var pseudonym = pseudonyms.For(referral.CarrierId);
        var legacyActor = Actor.Carrier(referral.CarrierId).ToString();
        string Shown(string actor) => string.Equals(actor, legacyActor, StringComparison.OrdinalIgnoreCase) ? Actor.Carrier(pseudonym) : actor;
        var view = new StaffReferralView(
            referral.Id,
            referral.Status.ToString(),
            pseudonym,
            referral.Category,
            referral.ReceivedAt,
            referral.UpdatedAt,
            referral.OpenDecisions,
            referral.Facts,
            referral.DeclaredIndicators,
            referral.DerivedIndicators,
            WithoutReporter(submission),
            risk is null ? null : JsonDocument.Parse(risk).RootElement.Clone(),
            await questions.GetAsync(reference, cancellationToken).ConfigureAwait(false),
            decisions.OrderBy(d => d.At).Select(d => new DecisionView(d.DecisionId, d.Kind, Shown(d.Actor), d.At, JsonDocument.Parse(d.DetailsJson).RootElement.Clone())).ToArray(),
            (await timeline.GetAsync(reference, cancellationToken).ConfigureAwait(false)).OrderBy(t => t.At).Select(t => t with { Actor = Shown(t.Actor) }).ToArray(),
            (await disclosures.GetAsync(reference, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.RequestedAt)
                .Select(d => new DisclosureSummary(d.DisclosureId, d.Agency, d.LegalBasis, d.Purpose, d.State, d.RequestedBy, d.RequestedAt, d.DecidedBy, d.DecidedAt)).ToArray())
        {
            Reveals = role == StaffRoles.Supervisor ? await disclosures.GetRevealsAsync(reference, cancellationToken).ConfigureAwait(false) : null,
        };
        request.HttpContext.Response.Headers.ETag = EntityTags.ToStrong(referral.ETag);
        return Results.Ok(view);
    }

    /// <summary>The submission as staff see it: everything but the reporting person.</summary>
    private static JsonElement WithoutReporter(byte[]? submission)
    {
        var root = JsonNode.Parse(submission ?? "{}"u8.ToArray())!.AsObject();
        root.Remove("reporter");
        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary><c>POST /api/v1/analyst/referrals/{reference}/questions</c>: adds a question for the carrier while validation is open.</summary>
    public async Task<IResult> AddQuestionAsync(HttpRequest request, string reference, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Analyst, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);

        var parsed = await JsonRequest.ReadAsync<QuestionRequest>(request, QuestionSchema, cancellationToken).ConfigureAwait(false);
        if (parsed.Problem is not null) return parsed.Problem;
        if (!parsed.IsValid) return parsed.Invalid(ProblemTypes.InvalidQuestion, "The question is invalid.");

        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        if (referral is null) return Problems.NotFound(request.HttpContext);
        if (!referral.OpenDecisions.Contains(Workflow.DecisionKinds.Validation))
        {
            return Problems.Create(request.HttpContext, StatusCodes.Status409Conflict, ProblemTypes.StepNotOpen, "Validation with the carrier is not open.");
        }

        var question = new ValidationQuestion("analyst-" + Guid.NewGuid().ToString("N")[..12], parsed.Value!.Path, parsed.Value.Question!, Actor.Staff(auth.User!.UserId), time.GetUtcNow());
        await questions.AddAsync(reference, question, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(
            new AuditEvent(Actor.Staff(auth.User.UserId), StaffRoles.Analyst, AuditActions.QuestionAdded, reference, DecisionKinds.Validation, "question=" + question.QuestionId, "question|" + reference + "|" + question.QuestionId),
            cancellationToken).ConfigureAwait(false);
        return Results.Json(question, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /api/v1/analyst/messages?topic=&amp;reference=</c>: what the local stand-in holds (404 where Service Bus is used).</summary>
    public async Task<IResult> MessagesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Analyst, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);
        if (services.GetService(typeof(IOutboundMessageLog)) is not IOutboundMessageLog log)
        {
            return Problems.Create(request.HttpContext, StatusCodes.Status404NotFound, ProblemTypes.NoLocalMessages, "Messages go to Service Bus here.", "Only a local run keeps a copy of outbound messages.");
        }

        var topic = request.Query["topic"].ToString() is { Length: > 0 } t ? t : MessageTopics.AgencyNotifications;
        if (topic is not (MessageTopics.AgencyNotifications or MessageTopics.Reminders))
        {
            return Problems.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemTypes.InvalidQuery, "Unknown topic.", null, [new FieldError("topic", $"must be {MessageTopics.AgencyNotifications} or {MessageTopics.Reminders}")]);
        }

        var reference = request.Query["reference"].ToString() is { Length: > 0 } r ? r : null;
        var (purpose, invalid) = AccessPurpose.Read(request, "agency message review");
        if (invalid is not null) return invalid;
        await audit.AppendAsync(new AuditEvent(Actor.Staff(auth.User!.UserId), StaffRoles.Analyst, AuditActions.MessagesRead, reference ?? "", purpose!, "topic=" + topic), cancellationToken).ConfigureAwait(false);
        var messages = await log.ListAsync(topic, reference, cancellationToken).ConfigureAwait(false);
        return Results.Ok(messages.Select(m => new MessageView(m.Topic, m.MessageId, m.Subject, m.ReferralId, m.ApplicationProperties, JsonDocument.Parse(m.Body).RootElement.Clone())).ToArray());
    }

    /// <summary>
    /// <c>GET /api/v1/coordinator/reminders</c> and <c>GET /api/v1/supervisor/escalations</c>: the reminders kept for
    /// <paramref name="recipient"/> (a <see cref="ReminderRecipients"/> value, which is also the staff role that reads them).
    /// </summary>
    public async Task<IResult> RemindersAsync(HttpRequest request, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await staff.AuthenticateAsync(request, recipient, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);

        var reference = request.Query["reference"].ToString();
        var filter = reference.Length > 0
            ? TableClient.CreateQueryFilter($"PartitionKey eq {recipient} and ReferralId eq {reference}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {recipient}");
        var found = new List<ReminderView>();
        await foreach (var row in tables.Reminders.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(new ReminderView(row.RowKey, row.GetString(ReminderRows.ReferralId), row.GetString(ReminderRows.Kind), row.GetInt32(ReminderRows.Sequence) ?? 0,
                row.GetDateTimeOffset(ReminderRows.DueAt) ?? default, row.GetDateTimeOffset(ReminderRows.SentAt) ?? default, row.GetString(ReminderRows.Text)));
        }

        return Results.Ok(found.OrderBy(r => r.SentAt).ToArray());
    }
}

public sealed record QueueItem(string Reference, string Status, string? Priority, string? ProposedPriority, string Category, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, IReadOnlyList<string> OpenDecisions);

/// <summary>One referral as staff see it: the referrer by pseudonym, the submission without the reporting person.</summary>
public sealed record StaffReferralView(
    string Reference,
    string Status,
    string ReferrerPseudonym,
    string Category,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> OpenDecisions,
    IReadOnlyDictionary<string, string> Facts,
    IReadOnlyList<string> DeclaredIndicators,
    IReadOnlyList<IntakeFinding> DerivedIndicators,
    JsonElement Submission,
    JsonElement? RiskAssessment,
    IReadOnlyList<ValidationQuestion> Questions,
    IReadOnlyList<DecisionView> Decisions,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<DisclosureSummary> Disclosures)
{
    /// <summary>Every reveal of the referrer (who, when, why): in the supervisor's view only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReferrerReveal>? Reveals { get; init; }
}

/// <summary>A request to reveal the referrer to an agency, as staff see it on the referral.</summary>
public sealed record DisclosureSummary(string DisclosureId, string Agency, string LegalBasis, string Purpose, string State, string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy, DateTimeOffset? DecidedAt);

public sealed record DecisionView(string DecisionId, string Kind, string Actor, DateTimeOffset At, JsonElement Details);

public sealed record QuestionRequest(string? Question, string? Path);

public sealed record MessageView(string Topic, string MessageId, string Subject, string ReferralId, IReadOnlyDictionary<string, string> ApplicationProperties, JsonElement Body);

public sealed record ReminderView(string MessageId, string ReferralId, string Kind, int Sequence, DateTimeOffset DueAt, DateTimeOffset SentAt, string Text);
