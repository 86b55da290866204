using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals;

/// <summary>
/// Reads and writes referrals and their timelines in Table Storage. Every write is idempotent. This is the one place
/// confidential content is written: the submission, decision details, questions and notes are encrypted here
/// (<see cref="FieldCipher"/>) and decrypted on the way out; ids, statuses and workflow facts stay in clear for queries.
/// The referring carrier is stored as its keyed look-up value (<see cref="CarrierLookup"/>, what ownership checks compare)
/// and, encrypted, its id; never its id in clear.
/// </summary>
public sealed class ReferralRepository(ReferralTables tables, FieldCipher cipher, CarrierLookup carriers)
{
    /// <summary>The logical table name in encryption contexts (independent of any test prefix).</summary>
    internal const string TableName = "Referrals";

    private const string ReferralRow = "referral";
    private const string TimelinePrefix = "timeline|";
    private const string PayloadProperty = "Submission";
    private const string FactPrefix = "Fact";
    private const string DecisionPrefix = "decision|";
    private const string QuestionPrefix = "question|";
    private const string DisclosurePrefix = "disclosure|";
    private const string RevealPrefix = "reveal|";
    private const string RepairPrefix = "repair|";
    private const string RepairsProperty = "WorkflowRepairs";
    private const string ErrorTypeProperty = "WorkflowErrorType";
    private const string FailedStepProperty = "WorkflowFailedStep";
    private const string CarrierLookupProperty = "CarrierLookup";
    private const string CarrierSealedProperty = "CarrierIdSealed";

    /// <summary>Where rows written before carriers were protected at rest hold the carrier id, in clear (read, never written).</summary>
    private const string LegacyCarrierIdProperty = "CarrierId";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stores a new referral with the body exactly as received. If a referral with this id already exists (a retry after
    /// a crash), the stored one is returned unchanged.
    /// </summary>
    public async Task<ReferralRecord> CreateAsync(ReferralRecord referral, ReadOnlyMemory<byte> submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var entity = ToEntity(referral);
        entity[CarrierLookupProperty] = carriers.For(referral.CarrierId);
        entity[CarrierSealedProperty] = await cipher.EncryptTextAsync(referral.CarrierId, Context(referral.Id, ReferralRow, CarrierSealedProperty), cancellationToken).ConfigureAwait(false);
        var encrypted = await cipher.EncryptAsync(submission, Context(referral.Id, ReferralRow, PayloadProperty), cancellationToken).ConfigureAwait(false);
        ChunkedBinary.Write(entity, PayloadProperty, encrypted);
        try
        {
            var response = await tables.Referrals.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return referral with { ETag = response.Headers.ETag?.ToString() ?? "", CarrierLookup = entity.GetString(CarrierLookupProperty) };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindAsync(referral.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Referral {referral.Id} conflicted but cannot be read.", ex);
        }
    }

    public async Task<ReferralRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Referrals
            .GetEntityIfExistsAsync<TableEntity>(id, ReferralRow, select: SummaryColumns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? await FromEntityAsync(response.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The submission body exactly as received.</summary>
    public async Task<byte[]?> ReadSubmissionAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Referrals
            .GetEntityIfExistsAsync<TableEntity>(id, ReferralRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue
            ? await cipher.DecryptAsync(ChunkedBinary.Read(response.Value!, PayloadProperty), Context(id, ReferralRow, PayloadProperty), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// Moves the referral to <paramref name="entry"/>'s status and appends the entry to its timeline, in one batch.
    /// Repeating the same entry (same id) changes nothing further.
    /// </summary>
    public Task RecordAsync(string id, TimelineEntry entry, CancellationToken cancellationToken) =>
        RecordAsync(id, entry, openDecisions: null, facts: null, cancellationToken);

    /// <summary>
    /// As <see cref="RecordAsync(string, TimelineEntry, CancellationToken)"/>, also setting which decisions are open
    /// (null leaves them) and non-confidential facts.
    /// </summary>
    public async Task RecordAsync(string id, TimelineEntry entry, string? openDecisions, IReadOnlyDictionary<string, string>? facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (await HasTimelineEntryAsync(id, entry.EntryId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var status = new TableEntity(id, ReferralRow)
        {
            ["Status"] = entry.Status.ToString(),
            ["UpdatedAt"] = entry.At,
        };
        if (openDecisions is not null)
        {
            status["OpenDecisions"] = openDecisions;
        }

        foreach (var (name, value) in facts ?? new Dictionary<string, string>())
        {
            status[FactPrefix + name] = value;
        }

        var timeline = await TimelineEntityAsync(id, entry, cancellationToken).ConfigureAwait(false);
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateMerge, status, ETag.All),
            new(TableTransactionActionType.UpsertReplace, timeline),
        ];
        await tables.Referrals.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds an entry to the timeline without touching the referral row, so its ETag stays: a reminder the system sends
    /// must not make a person's pending decision stale. Repeating the same entry changes nothing further.
    /// </summary>
    public async Task AppendTimelineAsync(string id, TimelineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (await HasTimelineEntryAsync(id, entry.EntryId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await tables.Referrals.UpsertEntityAsync(await TimelineEntityAsync(id, entry, cancellationToken).ConfigureAwait(false), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a step with this entry id is on the timeline already. The row key holds the step's time, which is not
    /// stable: after a crash the durable engine may run a step's activity twice, once from the dead host's message and
    /// once from the episode it runs again at a new time (same entry id). The first write wins; the late one must not
    /// add a second row, nor set the stage back (Reliability/HostCrashTests).
    /// </summary>
    private async Task<bool> HasTimelineEntryAsync(string id, string entryId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {TimelinePrefix} and RowKey lt {TimelinePrefix + '~'} and EntryId eq {entryId}");
        await foreach (var _ in tables.Referrals.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    private async Task<TableEntity> TimelineEntityAsync(string id, TimelineEntry entry, CancellationToken cancellationToken)
    {
        var timelineKey = TimelineKey(entry);
        return new TableEntity(id, timelineKey)
        {
            ["EntryId"] = entry.EntryId,
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Status"] = entry.Status.ToString(),
            ["Note"] = await cipher.EncryptTextAsync(entry.Note, Context(id, timelineKey, "Note"), cancellationToken).ConfigureAwait(false),
        };
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string id, CancellationToken cancellationToken)
    {
        var entries = new List<TimelineEntry>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {id} and RowKey ge {TimelinePrefix} and RowKey lt {TimelinePrefix.TrimEnd('|') + "}"}");
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new TimelineEntry(
                row.GetString("EntryId"),
                row.GetDateTimeOffset("At") ?? default,
                row.GetString("Actor"),
                row.GetString("Action"),
                Enum.Parse<ReferralStatus>(row.GetString("Status")),
                await cipher.DecryptTextAsync(row.GetString("Note"), Context(id, row.RowKey, "Note"), cancellationToken).ConfigureAwait(false)));
        }

        return entries;
    }

    /// <summary>
    /// Accepts a decision if the referral still has <paramref name="etag"/> and waits for <paramref name="decision"/>'s
    /// kind: stores it and closes the open decisions in one transaction, so two people cannot both decide one step.
    /// </summary>
    public async Task<DecisionAcceptance> AcceptDecisionAsync(string id, string etag, DecisionRecord decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var close = new TableEntity(id, ReferralRow) { ["OpenDecisions"] = "", ["LastDecisionId"] = decision.DecisionId, ["UpdatedAt"] = decision.At };
        var rowKey = DecisionPrefix + decision.DecisionId;
        var row = new TableEntity(id, rowKey)
        {
            ["Kind"] = decision.Kind,
            ["Actor"] = decision.Actor,
            ["At"] = decision.At,

            // The event is what the orchestration receives: ids and structured fields only. Free text lives in the details.
            ["EventJson"] = decision.EventJson,
            ["DetailsJson"] = await cipher.EncryptTextAsync(decision.DetailsJson, Context(id, rowKey, "DetailsJson"), cancellationToken).ConfigureAwait(false),
        };
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateMerge, close, new ETag(etag)),
            new(TableTransactionActionType.Add, row),
        ];
        try
        {
            var response = await tables.Referrals.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return new DecisionAcceptance(true, response.Value[0].Headers.ETag?.ToString());
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            return new DecisionAcceptance(false, null);
        }
    }

    public async Task<DecisionRecord?> FindDecisionAsync(string id, string decisionId, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, DecisionPrefix + decisionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? await ToDecisionAsync(row.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    public Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(string id, CancellationToken cancellationToken) =>
        QueryPrefixAsync(id, DecisionPrefix, ToDecisionAsync, cancellationToken);

    /// <summary>Adds a validation question (idempotent by question id).</summary>
    public async Task AddQuestionAsync(string id, ValidationQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var rowKey = QuestionPrefix + question.QuestionId;
        await tables.Referrals.UpsertEntityAsync(
            new TableEntity(id, rowKey)
            {
                ["Path"] = question.Path,
                ["Text"] = await cipher.EncryptTextAsync(question.Text, Context(id, rowKey, "Text"), cancellationToken).ConfigureAwait(false),
                ["AskedBy"] = question.AskedBy,
                ["AskedAt"] = question.AskedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ValidationQuestion>> GetQuestionsAsync(string id, CancellationToken cancellationToken) =>
        QueryPrefixAsync(id, QuestionPrefix, async (row, ct) => new ValidationQuestion(
            row.RowKey[QuestionPrefix.Length..],
            row.GetString("Path"),
            (await cipher.DecryptTextAsync(row.GetString("Text"), Context(id, row.RowKey, "Text"), ct).ConfigureAwait(false))!,
            row.GetString("AskedBy"),
            row.GetDateTimeOffset("AskedAt") ?? default), cancellationToken);

    /// <summary>Stores a disclosure request; if one with this id exists (a retry), returns the stored one instead.</summary>
    public async Task<DisclosureRecord> AddDisclosureAsync(string id, DisclosureRecord disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        try
        {
            await tables.Referrals.AddEntityAsync(ToEntity(id, disclosure), cancellationToken).ConfigureAwait(false);
            return disclosure;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindDisclosureAsync(id, disclosure.DisclosureId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Disclosure {disclosure.DisclosureId} conflicted but cannot be read.", ex);
        }
    }

    public async Task<DisclosureRecord?> FindDisclosureAsync(string id, string disclosureId, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, DisclosurePrefix + disclosureId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToDisclosure(row.Value!) : null;
    }

    public Task<IReadOnlyList<DisclosureRecord>> GetDisclosuresAsync(string id, CancellationToken cancellationToken) =>
        QueryPrefixAsync(id, DisclosurePrefix, (row, _) => ValueTask.FromResult(ToDisclosure(row)), cancellationToken);

    /// <summary>Records the decision on a disclosure if it is still as read (ETag); false if someone decided first.</summary>
    public async Task<bool> DecideDisclosureAsync(string id, DisclosureRecord decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        try
        {
            await tables.Referrals.UpdateEntityAsync(ToEntity(id, decided), new ETag(decided.ETag!), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(string id, DisclosureRecord d) => new(id, DisclosurePrefix + d.DisclosureId)
    {
        ["Agency"] = d.Agency,
        ["LegalBasis"] = d.LegalBasis,
        ["Purpose"] = d.Purpose,
        ["RequestedBy"] = d.RequestedBy,
        ["RequestedAt"] = d.RequestedAt,
        ["State"] = d.State,
        ["DecidedBy"] = d.DecidedBy,
        ["DecidedAt"] = d.DecidedAt,
    };

    private static DisclosureRecord ToDisclosure(TableEntity row) => new(
        row.RowKey[DisclosurePrefix.Length..], row.GetString("Agency"), row.GetString("LegalBasis"), row.GetString("Purpose"),
        row.GetString("RequestedBy"), row.GetDateTimeOffset("RequestedAt") ?? default, row.GetString("State"),
        row.GetString("DecidedBy"), row.GetDateTimeOffset("DecidedAt"), row.ETag.ToString());

    /// <summary>Records that a staff member was shown who referred (the audited reveal), before they are shown it.</summary>
    public async Task AddRevealAsync(string id, ReferrerReveal reveal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reveal);
        await tables.Referrals.AddEntityAsync(
            new TableEntity(id, string.Create(CultureInfo.InvariantCulture, $"{RevealPrefix}{reveal.At.UtcTicks:D19}|{reveal.RevealId}"))
            {
                ["Actor"] = reveal.Actor,
                ["Role"] = reveal.Role,
                ["At"] = reveal.At,
                ["Purpose"] = reveal.Purpose,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every reveal of the referrer of one referral, oldest first.</summary>
    public Task<IReadOnlyList<ReferrerReveal>> GetRevealsAsync(string id, CancellationToken cancellationToken) =>
        QueryPrefixAsync(id, RevealPrefix, (row, _) => ValueTask.FromResult(new ReferrerReveal(
            row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..], row.GetString("Actor"), row.GetString("Role"), row.GetDateTimeOffset("At") ?? default, row.GetString("Purpose"))), cancellationToken);

    /// <summary>Referrals, newest first, optionally of one status and (approved or proposed) priority.</summary>
    public async Task<IReadOnlyList<ReferralRecord>> QueryAsync(ReferralStatus? status, string? priority, int max, CancellationToken cancellationToken)
    {
        var filter = status is null
            ? TableClient.CreateQueryFilter($"RowKey eq {ReferralRow}")
            : TableClient.CreateQueryFilter($"RowKey eq {ReferralRow} and Status eq {status.ToString()}");
        var found = new List<ReferralRecord>();
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(filter, select: SummaryColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var referral = await FromEntityAsync(row, cancellationToken).ConfigureAwait(false);
            if (priority is null || string.Equals(referral.Fact("Priority") ?? referral.Fact("ProposedPriority"), priority, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(referral);
            }
        }

        return found.OrderByDescending(r => r.ReceivedAt).Take(max).ToArray();
    }

    /// <summary>Every referral's id, dates, status and whether its orchestration history was purged: what retention needs.</summary>
    public async Task<IReadOnlyList<RetentionCandidate>> ListForRetentionAsync(CancellationToken cancellationToken)
    {
        var found = new List<RetentionCandidate>();
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {ReferralRow}"), select: ["PartitionKey", "Status", "ReceivedAt", "UpdatedAt", "HistoryPurgedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(new RetentionCandidate(row.PartitionKey, Enum.Parse<ReferralStatus>(row.GetString("Status")), row.GetDateTimeOffset("ReceivedAt") ?? default,
                row.GetDateTimeOffset("UpdatedAt") ?? default, row.GetString("HistoryPurgedAt")));
        }

        return found;
    }

    /// <summary>Every referral not yet closed: what the workflow health check compares with the durable engine.</summary>
    public async Task<IReadOnlyList<OpenReferral>> ListOpenAsync(CancellationToken cancellationToken)
    {
        var found = new List<OpenReferral>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ReferralRow} and Status ne {nameof(ReferralStatus.Closed)}");
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(
            filter, select: ["PartitionKey", "Status", "ReceivedAt", "UpdatedAt", RepairsProperty, ErrorTypeProperty, FailedStepProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(new OpenReferral(row.PartitionKey, Enum.Parse<ReferralStatus>(row.GetString("Status")), row.GetDateTimeOffset("ReceivedAt") ?? default,
                row.GetDateTimeOffset("UpdatedAt") ?? default, row.GetInt32(RepairsProperty) ?? 0)
            {
                LastError = row.GetString(ErrorTypeProperty) is { Length: > 0 } type ? new WorkflowErrorRecord(row.GetString(FailedStepProperty), type) : null,
            });
        }

        return found;
    }

    /// <summary>One referral as <see cref="ListOpenAsync(CancellationToken)"/> lists it, or null if it is closed or unknown.</summary>
    public async Task<OpenReferral?> ListOpenAsync(string id, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(
            id, ReferralRow, select: ["PartitionKey", "Status", "ReceivedAt", "UpdatedAt", RepairsProperty, ErrorTypeProperty, FailedStepProperty], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || row.Value!.GetString("Status") == nameof(ReferralStatus.Closed))
        {
            return null;
        }

        var e = row.Value!;
        return new OpenReferral(e.PartitionKey, Enum.Parse<ReferralStatus>(e.GetString("Status")), e.GetDateTimeOffset("ReceivedAt") ?? default,
            e.GetDateTimeOffset("UpdatedAt") ?? default, e.GetInt32(RepairsProperty) ?? 0)
        {
            LastError = e.GetString(ErrorTypeProperty) is { Length: > 0 } type ? new WorkflowErrorRecord(e.GetString(FailedStepProperty), type) : null,
        };
    }

    /// <summary>
    /// Records a supervisor's workflow repair if the referral still has <paramref name="etag"/>: the repair row and the
    /// referral's repair count in one transaction, so two supervisors cannot both repair one state. False if it changed.
    /// </summary>
    public async Task<DecisionAcceptance> RecordRepairAsync(string id, string etag, WorkflowRepairRecord repair, int repairsBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repair);
        var rowKey = RepairPrefix + repair.RepairId;
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity(id, ReferralRow)
            {
                [RepairsProperty] = repairsBefore + 1,
                ["UpdatedAt"] = repair.At,
                [ErrorTypeProperty] = "",
                [FailedStepProperty] = "",
            }, new ETag(etag)),
            new(TableTransactionActionType.Add, new TableEntity(id, rowKey)
            {
                ["Actor"] = repair.Actor,
                ["At"] = repair.At,
                ["Problem"] = repair.Problem,
                ["OrchestrationState"] = repair.OrchestrationState,
                ["ErrorType"] = repair.ErrorType,
                ["Status"] = repair.Status.ToString(),
                ["Reason"] = await cipher.EncryptTextAsync(repair.Reason, Context(id, rowKey, "Reason"), cancellationToken).ConfigureAwait(false),
            }),
        ];
        try
        {
            var response = await tables.Referrals.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return new DecisionAcceptance(true, response.Value[0].Headers.ETag?.ToString());
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            return new DecisionAcceptance(false, null);
        }
    }

    public async Task<WorkflowRepairRecord?> FindRepairAsync(string id, string repairId, CancellationToken cancellationToken)
    {
        var rowKey = RepairPrefix + repairId;
        var found = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        return new WorkflowRepairRecord(repairId, row.GetString("Actor"), row.GetDateTimeOffset("At") ?? default, row.GetString("Problem"),
            row.GetString("OrchestrationState"), row.GetString("ErrorType"), Enum.Parse<ReferralStatus>(row.GetString("Status")),
            (await cipher.DecryptTextAsync(row.GetString("Reason"), Context(id, rowKey, "Reason"), cancellationToken).ConfigureAwait(false))!);
    }

    /// <summary>Records what made the referral's workflow fail (the step and the error type), without changing its ETag's meaning for people: merged, unconditional.</summary>
    public Task SetWorkflowErrorAsync(string id, string failedStep, string errorType, CancellationToken cancellationToken) =>
        tables.Referrals.UpdateEntityAsync(new TableEntity(id, ReferralRow) { [ErrorTypeProperty] = errorType, [FailedStepProperty] = failedStep }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Sets one property of the referral row.</summary>
    public Task SetFactAsync(string id, string name, string value, CancellationToken cancellationToken) =>
        tables.Referrals.UpdateEntityAsync(new TableEntity(id, ReferralRow) { [name] = value }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>
    /// Deletes a referral: every row of its partition, and its rows in the idempotency, reminder and local message
    /// tables. Repeating it deletes what is left.
    /// </summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await DeleteWhereAsync(tables.Idempotency, TableClient.CreateQueryFilter($"ReferralId eq {id}"), cancellationToken).ConfigureAwait(false);
        await DeleteWhereAsync(tables.Reminders, TableClient.CreateQueryFilter($"ReferralId eq {id}"), cancellationToken).ConfigureAwait(false);
        await DeleteWhereAsync(tables.OutboundMessages, TableClient.CreateQueryFilter($"ReferralId eq {id}"), cancellationToken).ConfigureAwait(false);

        // The referral row goes last, so an interrupted delete is found and finished by the next sweep.
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        foreach (var chunk in rows.OrderBy(r => r.RowKey == ReferralRow).Chunk(100))
        {
            await tables.Referrals.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DeleteWhereAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Re-encrypts every confidential value not under the current data key (after a rotation, before the old key is
    /// retired), and encrypts any value stored before encryption existed, including a carrier id stored in clear. Each row is rewritten only if unchanged since it was read (ETag), so it is safe alongside live traffic
    /// and safe to repeat. Returns how many values were found under each key id before, and how many were rewritten.
    /// </summary>
    public async Task<RewrapResult> RewrapAsync(CancellationToken cancellationToken)
    {
        var current = await cipher.CurrentKeyIdAsync(cancellationToken).ConfigureAwait(false);
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        var rewritten = 0;
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var update = new TableEntity(row.PartitionKey, row.RowKey);
            var changes = 0;
            if (row.RowKey == ReferralRow && row.ContainsKey(PayloadProperty + "Chunks"))
            {
                var stored = ChunkedBinary.Read(row, PayloadProperty);
                var keyId = FieldCipher.KeyIdOf(stored) ?? Unencrypted;
                before[keyId] = before.GetValueOrDefault(keyId) + 1;
                if (keyId != current)
                {
                    var context = Context(row.PartitionKey, row.RowKey, PayloadProperty);
                    var plain = keyId == Unencrypted ? stored : await cipher.DecryptAsync(stored, context, cancellationToken).ConfigureAwait(false);
                    ChunkedBinary.Write(update, PayloadProperty, await cipher.EncryptAsync(plain, context, cancellationToken).ConfigureAwait(false));
                    changes++;
                }
            }

            // A row from before carriers were protected at rest: its clear carrier id becomes a look-up value and a
            // sealed id. Merge cannot remove a property, so that row is replaced whole (still only if unchanged).
            var legacyCarrier = row.RowKey == ReferralRow ? row.GetString(LegacyCarrierIdProperty) : null;
            if (legacyCarrier is not null)
            {
                before[Unencrypted] = before.GetValueOrDefault(Unencrypted) + 1;
                update[CarrierLookupProperty] = carriers.For(legacyCarrier);
                update[CarrierSealedProperty] = await cipher.EncryptTextAsync(legacyCarrier, Context(row.PartitionKey, row.RowKey, CarrierSealedProperty), cancellationToken).ConfigureAwait(false);
                changes++;
            }

            foreach (var name in EncryptedTextProperties)
            {
                if (row.GetString(name) is not { } text)
                {
                    continue;
                }

                var keyId = FieldCipher.KeyIdOf(text) ?? Unencrypted;
                before[keyId] = before.GetValueOrDefault(keyId) + 1;
                if (keyId != current)
                {
                    var context = Context(row.PartitionKey, row.RowKey, name);
                    var plain = keyId == Unencrypted ? text : await cipher.DecryptTextAsync(text, context, cancellationToken).ConfigureAwait(false);
                    update[name] = await cipher.EncryptTextAsync(plain, context, cancellationToken).ConfigureAwait(false);
                    changes++;
                }
            }

            if (changes > 0)
            {
                try
                {
                    if (legacyCarrier is null)
                    {
                        await tables.Referrals.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        foreach (var (name, value) in update)
                        {
                            row[name] = value;
                        }

                        row.Remove(LegacyCarrierIdProperty);
                        await tables.Referrals.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    }

                    rewritten += changes;
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    // Changed meanwhile: the writer used the current key for what it wrote; a repeat run catches the rest.
                }
            }
        }

        // The answers kept for idempotent replay hold the carrier's receipt: encrypted too (IdempotencyStore).
        await foreach (var row in tables.Idempotency.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", ReferralTables.IdempotencyResponseBody], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString(ReferralTables.IdempotencyResponseBody) is not { } text)
            {
                continue;
            }

            var keyId = FieldCipher.KeyIdOf(text) ?? Unencrypted;
            before[keyId] = before.GetValueOrDefault(keyId) + 1;
            if (keyId != current)
            {
                var context = FieldCipher.Context(ReferralTables.IdempotencyTableName, row.PartitionKey, row.RowKey, ReferralTables.IdempotencyResponseBody);
                var plain = keyId == Unencrypted ? text : await cipher.DecryptTextAsync(text, context, cancellationToken).ConfigureAwait(false);
                var update = new TableEntity(row.PartitionKey, row.RowKey) { [ReferralTables.IdempotencyResponseBody] = await cipher.EncryptTextAsync(plain, context, cancellationToken).ConfigureAwait(false) };
                try
                {
                    await tables.Idempotency.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                    rewritten++;
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    // Changed meanwhile; a repeat run catches it.
                }
            }
        }

        return new RewrapResult(current, before, rewritten);
    }

    /// <summary>How a value written before encryption existed is counted; a rewrap encrypts it.</summary>
    public const string Unencrypted = "unencrypted";

    /// <summary>The text properties this repository encrypts, on whichever row kind carries them.</summary>
    private static readonly string[] EncryptedTextProperties = ["Note", "DetailsJson", "Text", "Reason", CarrierSealedProperty];

    /// <summary>Stores the risk assessment (JSON) on the referral.</summary>
    public Task SetRiskAssessmentAsync(string id, string assessmentJson, CancellationToken cancellationToken) =>
        tables.Referrals.UpdateEntityAsync(new TableEntity(id, ReferralRow) { ["RiskAssessment"] = assessmentJson }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task<string?> GetRiskAssessmentAsync(string id, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, ReferralRow, select: ["RiskAssessment"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString("RiskAssessment") : null;
    }

    private async Task<IReadOnlyList<T>> QueryPrefixAsync<T>(string id, string prefix, Func<TableEntity, CancellationToken, ValueTask<T>> map, CancellationToken cancellationToken)
    {
        var found = new List<T>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {prefix} and RowKey lt {prefix.TrimEnd('|') + "}"}");
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(await map(row, cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    private async ValueTask<DecisionRecord> ToDecisionAsync(TableEntity row, CancellationToken cancellationToken) => new(
        row.RowKey[DecisionPrefix.Length..], row.GetString("Kind"), row.GetString("Actor"), row.GetDateTimeOffset("At") ?? default,
        row.GetString("EventJson"),
        (await cipher.DecryptTextAsync(row.GetString("DetailsJson"), Context(row.PartitionKey, row.RowKey, "DetailsJson"), cancellationToken).ConfigureAwait(false))!);

    private static string Context(string id, string rowKey, string property) => FieldCipher.Context(TableName, id, rowKey, property);

    private static string TimelineKey(TimelineEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimelinePrefix}{entry.At.UtcTicks:D19}|{entry.EntryId}");

    /// <summary>The workflow facts kept on the referral row.</summary>
    public static readonly IReadOnlyList<string> FactNames =
        ["ProposedPriority", "Priority", "ValidationOutcome", "Treatment", "OutcomeResult", "FollowUps", "FeedbackDecisionId"];

    private static readonly string[] SummaryColumns =
    [
        "PartitionKey", CarrierLookupProperty, CarrierSealedProperty, LegacyCarrierIdProperty, "Status", "ReceivedAt", "UpdatedAt", "Category", "ContentSha256", "ContentLength",
        "IndicatorCatalogueVersion", "DeclaredIndicators", "DerivedIndicators", "Warnings", "OpenDecisions", "LastDecisionId",
        .. FactNames.Select(f => FactPrefix + f),
    ];


    private static TableEntity ToEntity(ReferralRecord referral) => new(referral.Id, ReferralRow)
    {
        ["Status"] = referral.Status.ToString(),
        ["ReceivedAt"] = referral.ReceivedAt,
        ["UpdatedAt"] = referral.UpdatedAt,
        ["Category"] = referral.Category,
        ["ContentSha256"] = referral.ContentSha256,
        ["ContentLength"] = referral.ContentLength,
        ["IndicatorCatalogueVersion"] = referral.IndicatorCatalogueVersion,
        ["DeclaredIndicators"] = string.Join(',', referral.DeclaredIndicators),
        ["DerivedIndicators"] = JsonSerializer.Serialize(referral.DerivedIndicators, Json),
        ["Warnings"] = JsonSerializer.Serialize(referral.Warnings, Json),
    };

    /// <summary>
    /// The referral as stored. A row written before carriers were protected at rest has the id in clear and no look-up
    /// value: it reads the same, its look-up value computed from the id (<see cref="RewrapAsync"/> rewrites such rows).
    /// </summary>
    private async ValueTask<ReferralRecord> FromEntityAsync(TableEntity e, CancellationToken cancellationToken)
    {
        var sealedId = e.GetString(CarrierSealedProperty);
        var carrierId = sealedId is null
            ? e.GetString(LegacyCarrierIdProperty)
            : (await cipher.DecryptTextAsync(sealedId, Context(e.PartitionKey, ReferralRow, CarrierSealedProperty), cancellationToken).ConfigureAwait(false))!;
        return FromEntity(e, carrierId) with { CarrierLookup = e.GetString(CarrierLookupProperty) ?? carriers.For(carrierId) };
    }

    private static ReferralRecord FromEntity(TableEntity e, string carrierId) => new(
        e.PartitionKey,
        carrierId,
        Enum.Parse<ReferralStatus>(e.GetString("Status")),
        e.GetDateTimeOffset("ReceivedAt") ?? default,
        e.GetDateTimeOffset("UpdatedAt") ?? default,
        e.GetString("Category"),
        e.GetString("ContentSha256"),
        e.GetInt32("ContentLength") ?? 0,
        e.GetString("IndicatorCatalogueVersion"),
        e.GetString("DeclaredIndicators") is { Length: > 0 } codes ? codes.Split(',') : [],
        JsonSerializer.Deserialize<IntakeFinding[]>(e.GetString("DerivedIndicators") ?? "[]", Json) ?? [],
        JsonSerializer.Deserialize<IntakeFinding[]>(e.GetString("Warnings") ?? "[]", Json) ?? [],
        e.ETag.ToString())
    {
        OpenDecisions = e.GetString("OpenDecisions") is { Length: > 0 } open ? open.Split(',') : [],
        LastDecisionId = e.GetString("LastDecisionId"),
        Facts = FactNames.Where(f => e.GetString(FactPrefix + f) is { Length: > 0 }).ToDictionary(f => f, f => e.GetString(FactPrefix + f)),
    };
}
