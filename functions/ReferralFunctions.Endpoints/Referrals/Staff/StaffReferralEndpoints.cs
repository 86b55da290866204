using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Http;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Disclosures;
using ReferralFunctions.Referrals.Queue;
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
    ReferralQueueIndex queue,
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

    /// <summary>The page size of the queue when none is asked for, and the most one page holds.</summary>
    public const int DefaultPageSize = 50, MaxPageSize = 200;

    /// <summary>The response header that carries the token for the queue's next page (absent on the last page).</summary>
    public const string ContinuationHeader = "X-Continuation-Token";

    /// <summary>
    /// <c>GET /api/v1/analyst/referrals?status=&amp;priority=&amp;dueBefore=&amp;pageSize=&amp;continuation=</c>: one page of
    /// the work queue from its index, in status then due-date order, each item with what it waits for and when that is
    /// due. The body stays an array; the next page's token is in <see cref="ContinuationHeader"/>.
    /// </summary>
    public async Task<IResult> QueueAsync(HttpRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
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
        DateTimeOffset? dueBefore = null;
        if (request.Query["dueBefore"].ToString() is { Length: > 0 } d)
        {
            if (DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var before)) dueBefore = before;
            else errors.Add(new FieldError("dueBefore", "must be a date and time (ISO 8601)"));
        }

        var pageSize = DefaultPageSize;
        if (request.Query["pageSize"].ToString() is { Length: > 0 } n && !(int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= MaxPageSize))
        {
            errors.Add(new FieldError("pageSize", $"must be a whole number from 1 to {MaxPageSize}"));
        }

        string? continuation = null;
        if (request.Query["continuation"].ToString() is { Length: > 0 } c)
        {
            continuation = QueueToken.Read(c);
            if (continuation is null) errors.Add(new FieldError("continuation", "must be a token a previous page returned"));
        }

        if (errors.Count > 0) return Problems.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemTypes.InvalidQuery, "The query has invalid parameters.", null, errors);

        QueuePage page;
        try
        {
            page = await queue.QueryAsync(new QueueFilter(status, priority, dueBefore), continuation, pageSize, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status400BadRequest && continuation is not null)
        {
            return Problems.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemTypes.InvalidQuery, "The query has invalid parameters.", null, [new FieldError("continuation", "must be a token a previous page returned")]);
        }

        if (page.ContinuationToken is { } next) request.HttpContext.Response.Headers[ContinuationHeader] = QueueToken.Write(next);
        var now = time.GetUtcNow();
        return Results.Ok(page.Items.Select(r => new QueueItem(r.Reference, r.Status.ToString(), r.Priority, r.ProposedPriority, r.Category, r.ReceivedAt, r.UpdatedAt, r.OpenDecisions)
        {
            WaitingFor = r.OpenDecisions.Select(kind => new QueueWait(kind, DecisionSteps.All.FirstOrDefault(step => step.Kind == kind)?.Role)).ToArray(),
            DueAt = r.DueAt,
            Overdue = r.DueAt < now,
        }).ToArray());
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

/// <summary>One referral in the staff queue: what it waits for (decisions, and the role that takes each), and when that is due.</summary>
public sealed record QueueItem(string Reference, string Status, string? Priority, string? ProposedPriority, string Category, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, IReadOnlyList<string> OpenDecisions)
{
    public IReadOnlyList<QueueWait> WaitingFor { get; init; } = [];

    /// <summary>When the open decisions are due; null when nothing is.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Whether <see cref="DueAt"/> has passed.</summary>
    public bool Overdue { get; init; }
}

/// <summary>A decision a queued referral waits for, and the staff role that takes it (validation: the carrier, or an analyst marking it).</summary>
public sealed record QueueWait(string Decision, string? Role);

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
