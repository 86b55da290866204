using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Referrals.Queue;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals;

/// <summary>
/// The referral row (<c>referral</c>, in the referral's partition): the record, its status and workflow facts, the
/// submission exactly as received (encrypted) and the referring carrier, stored as its keyed look-up value
/// (<see cref="CarrierLookup"/>, what ownership checks compare) and, encrypted, its id; never its id in clear. Every
/// write is idempotent. The referral's other rows belong to their own stores (docs/storage.md). Every change to what the
/// staff queue shows (status, open decisions, due date, priority) also brings its index row up to date
/// (<see cref="ReferralQueueIndex"/>).
/// </summary>
public sealed class ReferralRepository(ReferralTables tables, FieldCipher cipher, CarrierLookup carriers, TimelineStore timeline, ReferralQueueIndex queue)
{
    /// <summary>The referral row's key in its partition.</summary>
    public const string RowKey = "referral";

    /// <summary>The submission body exactly as received.</summary>
    public static readonly EncryptedColumn Submission = new(ReferralTables.ReferralsTableName, RowKey, "Submission", EncryptedValueKind.Chunked);

    /// <summary>The referring carrier's id.</summary>
    public static readonly EncryptedColumn CarrierIdSealed = new(ReferralTables.ReferralsTableName, RowKey, "CarrierIdSealed");

    private const string FactPrefix = "Fact";
    private const string CarrierLookupProperty = "CarrierLookup";

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
        entity[CarrierIdSealed.Property] = await cipher.EncryptTextAsync(CarrierIdSealed, referral.Id, RowKey, referral.CarrierId, cancellationToken).ConfigureAwait(false);
        var encrypted = await cipher.EncryptAsync(Submission, referral.Id, RowKey, submission, cancellationToken).ConfigureAwait(false);
        ChunkedBinary.Write(entity, Submission.Property, encrypted);
        try
        {
            var response = await tables.Referrals.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            await queue.SyncAsync(referral.Id, cancellationToken).ConfigureAwait(false);
            return referral with { ETag = response.Headers.ETag?.ToString() ?? "", CarrierLookup = entity.GetString(CarrierLookupProperty) };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A retry: the index row may be what the first attempt did not get to write.
            await queue.SyncAsync(referral.Id, cancellationToken).ConfigureAwait(false);
            return await FindAsync(referral.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Referral {referral.Id} conflicted but cannot be read.", ex);
        }
    }

    public async Task<ReferralRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Referrals
            .GetEntityIfExistsAsync<TableEntity>(id, RowKey, select: SummaryColumns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? await FromEntityAsync(response.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The submission body exactly as received.</summary>
    public async Task<byte[]?> ReadSubmissionAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Referrals
            .GetEntityIfExistsAsync<TableEntity>(id, RowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue
            ? await cipher.DecryptAsync(Submission, id, RowKey, ChunkedBinary.Read(response.Value!, Submission.Property), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// Moves the referral to <paramref name="entry"/>'s status and appends the entry to its timeline, in one batch.
    /// Repeating the same entry (same id) changes nothing further.
    /// </summary>
    public Task RecordAsync(string id, TimelineEntry entry, CancellationToken cancellationToken) =>
        RecordAsync(id, entry, openDecisions: null, facts: null, dueAt: null, cancellationToken);

    /// <summary>
    /// As <see cref="RecordAsync(string, TimelineEntry, CancellationToken)"/>, also setting which decisions are open
    /// (null leaves them, and their due date) and when they are due (null: nothing due), and non-confidential facts.
    /// </summary>
    public async Task RecordAsync(string id, TimelineEntry entry, string? openDecisions, IReadOnlyDictionary<string, string>? facts, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (await timeline.HasEntryAsync(id, entry.EntryId, cancellationToken).ConfigureAwait(false))
        {
            // Written already: a retry after the index write failed finishes it here.
            await queue.SyncAsync(id, cancellationToken).ConfigureAwait(false);
            return;
        }

        var status = Change(id, entry.At);
        status["Status"] = entry.Status.ToString();
        if (openDecisions is not null)
        {
            status["OpenDecisions"] = openDecisions;
            status[ReferralQueueIndex.DueAtProperty] = ReferralQueueIndex.DueAtValue(dueAt);
        }

        await NoteReplacedQueueRowAsync(id, status, entry.Status, openDecisions is not null ? dueAt : null, dueChanges: openDecisions is not null, cancellationToken).ConfigureAwait(false);

        foreach (var (name, value) in facts ?? new Dictionary<string, string>())
        {
            status[FactPrefix + name] = value;
        }

        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateMerge, status, ETag.All),
            new(TableTransactionActionType.UpsertReplace, await timeline.EntityAsync(id, entry, cancellationToken).ConfigureAwait(false)),
        ];
        await tables.Referrals.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        await queue.SyncAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When <paramref name="change"/> moves the referral's index row (a new status or due date), records in the same
    /// change where the old row is (<see cref="ReferralQueueIndex.StaleProperty"/>) for the sync to delete. A replaced row
    /// an interrupted sync left behind is deleted first, since its location is about to be overwritten.
    /// </summary>
    private async Task NoteReplacedQueueRowAsync(string id, TableEntity change, ReferralStatus next, DateTimeOffset? dueAt, bool dueChanges, CancellationToken cancellationToken)
    {
        var found = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, RowKey, select: ReferralQueueIndex.Columns, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return;
        }

        var current = found.Value!;
        var location = ReferralQueueIndex.Location(current);
        var moved = next + " " + ReferralQueueIndex.RowKey(dueChanges ? dueAt : ReferralQueueIndex.DueAt(current), id);
        if (moved == location)
        {
            return;
        }

        if (current.GetString(ReferralQueueIndex.StaleProperty) is { Length: > 0 } left && left != moved)
        {
            await queue.DeleteAsync(left, cancellationToken).ConfigureAwait(false);
        }

        change[ReferralQueueIndex.StaleProperty] = location;
    }

    /// <summary>Sets one property of the referral row (and brings its queue index row up to date).</summary>
    public async Task SetFactAsync(string id, string name, string value, CancellationToken cancellationToken)
    {
        await tables.Referrals.UpdateEntityAsync(new TableEntity(id, RowKey) { [name] = value }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        await queue.SyncAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the referral row (retention deletes the referral's other rows first). Repeating it does nothing.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Referrals.DeleteEntityAsync(id, RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted already (a repeated sweep).
        }
    }

    /// <summary>A merge of the referral row (for other stores' columns on it, in their own transactions).</summary>
    internal static TableEntity Change(string id) => new(id, RowKey);

    /// <summary>A merge of the referral row that marks it updated at <paramref name="at"/>.</summary>
    internal static TableEntity Change(string id, DateTimeOffset at) => new(id, RowKey) { ["UpdatedAt"] = at };

    /// <summary>The merge that closes the open decisions once <paramref name="decisionId"/> is accepted.</summary>
    internal static TableEntity ClosingDecisions(string id, string decisionId, DateTimeOffset at)
    {
        var change = Change(id, at);
        change["OpenDecisions"] = "";
        change["LastDecisionId"] = decisionId;
        return change;
    }

    /// <summary>What <see cref="FindAsync"/> reads of the referral row (not the submission).</summary>
    internal static readonly string[] SummaryColumns =
    [
        "PartitionKey", CarrierLookupProperty, CarrierIdSealed.Property, LegacyCarrierIdProperty, "Status", "ReceivedAt", "UpdatedAt", "Category", "ContentSha256", "ContentLength",
        "IndicatorCatalogueVersion", "DeclaredIndicators", "DerivedIndicators", "Warnings", "OpenDecisions", "LastDecisionId",
        .. WorkflowFacts.All.Select(f => FactPrefix + f),
    ];

    /// <summary>
    /// For re-encryption: a referral row from before carriers were protected at rest gets, in <paramref name="update"/>,
    /// a look-up value and a sealed id. Returns the clear property the row must lose (merge cannot remove one, so the row
    /// is replaced whole), or null when the row has none.
    /// </summary>
    internal static async Task<string?> SealLegacyCarrierAsync(FieldCipher cipher, CarrierLookup carriers, TableEntity row, TableEntity update, CancellationToken cancellationToken)
    {
        if (row.RowKey != RowKey || row.GetString(LegacyCarrierIdProperty) is not { } legacy)
        {
            return null;
        }

        update[CarrierLookupProperty] = carriers.For(legacy);
        update[CarrierIdSealed.Property] = await cipher.EncryptTextAsync(CarrierIdSealed, row.PartitionKey, row.RowKey, legacy, cancellationToken).ConfigureAwait(false);
        return LegacyCarrierIdProperty;
    }

    private static TableEntity ToEntity(ReferralRecord referral) => new(referral.Id, RowKey)
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
    /// value: it reads the same, its look-up value computed from the id (re-encryption rewrites such rows).
    /// </summary>
    internal async ValueTask<ReferralRecord> FromEntityAsync(TableEntity e, CancellationToken cancellationToken)
    {
        var sealedId = e.GetString(CarrierIdSealed.Property);
        var carrierId = sealedId is null
            ? e.GetString(LegacyCarrierIdProperty)
            : (await cipher.DecryptTextAsync(CarrierIdSealed, e.PartitionKey, RowKey, sealedId, cancellationToken).ConfigureAwait(false))!;
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
        Facts = WorkflowFacts.All.Where(f => e.GetString(FactPrefix + f) is { Length: > 0 }).ToDictionary(f => f, f => e.GetString(FactPrefix + f)),
    };
}
