using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Queue;

/// <summary>
/// The staff work queue's index (<see cref="ReferralTables.StaffQueue"/>): one row per referral in the partition of its
/// status, keyed by the open step's due date then the reference, so a status-filtered, due-sorted page reads one
/// partition from its start and costs the same however many referrals were ever received. Rows hold no confidential
/// data (no carrier, nothing of the submission): status, priority, open decisions, dates and the category.
/// </summary>
/// <remarks>
/// Kept by <see cref="ReferralRepository"/> wherever it changes the referral row: the referral row is written first,
/// and it names the index row it replaced (<c>QueueStale</c>) in that same write, so <see cref="SyncAsync"/>, run right
/// after, and again by any later write or a repair, converges: it writes the row the referral row implies and deletes
/// the one it replaced. An index write that fails after the referral write is made good by the activity's retry
/// (which finds its timeline entry written and only syncs) or by the next write.
/// </remarks>
public sealed class ReferralQueueIndex(ReferralTables tables)
{
    /// <summary>On the referral row: when its open step is due (round-trip text; empty when nothing is due, as a merge cannot remove a property).</summary>
    internal const string DueAtProperty = "DueAt";

    /// <summary>On the referral row: the index row (<c>{status} {rowKey}</c>) its last change replaced, for a sync to delete.</summary>
    internal const string StaleProperty = "QueueStale";

    /// <summary>The row key part that sorts after every due date: referrals with no open step.</summary>
    private const string NoDue = "99991231T235959999";

    /// <summary>The priority the queue filters on: approved, else proposed.</summary>
    private const string PriorityProperty = WorkflowFacts.Priority;

    private const string ApprovedPriorityProperty = "ApprovedPriority";
    private const string ProposedPriorityProperty = WorkflowFacts.ProposedPriority;

    /// <summary>What a sync reads of the referral row.</summary>
    internal static readonly string[] Columns =
    [
        "PartitionKey", "Status", "ReceivedAt", "UpdatedAt", "Category", "OpenDecisions", DueAtProperty, StaleProperty,
        "Fact" + WorkflowFacts.Priority, "Fact" + WorkflowFacts.ProposedPriority,
    ];

    /// <summary>The index row key for a referral due at <paramref name="dueAt"/> (null: nothing due).</summary>
    public static string RowKey(DateTimeOffset? dueAt, string reference) => DueKey(dueAt) + "|" + reference;

    /// <summary>Where the referral row says its index row is: <c>{status} {rowKey}</c>.</summary>
    internal static string Location(TableEntity referralRow) =>
        referralRow.GetString("Status") + " " + RowKey(DueAt(referralRow), referralRow.PartitionKey);

    /// <summary>The referral row's due date, null when nothing is due.</summary>
    internal static DateTimeOffset? DueAt(TableEntity referralRow) =>
        referralRow.GetString(DueAtProperty) is { Length: > 0 } due ? DateTimeOffset.Parse(due, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    /// <summary>How the referral row stores <paramref name="dueAt"/>.</summary>
    internal static string DueAtValue(DateTimeOffset? dueAt) => dueAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Writes the index row the referral row implies and deletes the one its last change replaced. Repeating it changes
    /// nothing; a referral that no longer exists is left alone (retention deletes its index row). Two syncs of one
    /// referral may overlap (a decision's and the workflow's next stage): one that finds the referral row changed while
    /// it wrote takes back a row at a location no longer current and writes again, so the last to finish is right.
    /// </summary>
    public async Task SyncAsync(string id, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(id, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; found is not null && attempt < 3; attempt++)
        {
            var location = Location(found);
            await tables.StaffQueue.UpsertEntityAsync(ToIndexRow(found), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            if (found.GetString(StaleProperty) is { Length: > 0 } stale && stale != location)
            {
                await DeleteAsync(stale, cancellationToken).ConfigureAwait(false);
            }

            var now = await ReadAsync(id, cancellationToken).ConfigureAwait(false);
            if (now is null || now.ETag == found.ETag)
            {
                return;
            }

            if (Location(now) != location)
            {
                await DeleteAsync(location, cancellationToken).ConfigureAwait(false);
            }

            found = now;
        }
    }

    private async Task<TableEntity?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var found = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, ReferralRepository.RowKey, select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Deletes the index row at <paramref name="location"/> (<c>{status} {rowKey}</c>); gone already is fine.</summary>
    internal async Task DeleteAsync(string location, CancellationToken cancellationToken)
    {
        var space = location.IndexOf(' ', StringComparison.Ordinal);
        try
        {
            await tables.StaffQueue.DeleteEntityAsync(location[..space], location[(space + 1)..], ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted by an earlier sync.
        }
    }

    /// <summary>
    /// One page of the queue, in status then due-date order: <paramref name="continuation"/> is the token a previous page
    /// returned (the Table service's own), null for the first page. The page's token is null on the last page.
    /// </summary>
    public async Task<QueuePage> QueryAsync(QueueFilter filter, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<string>();
        if (filter.Status is { } status) clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {status.ToString()}"));
        if (filter.DueBefore is { } before) clauses.Add(TableClient.CreateQueryFilter($"RowKey lt {DueKey(before)}"));
        if (filter.Priority is { } priority) clauses.Add(PriorityProperty + " eq " + TableClient.CreateQueryFilter($"{priority}"));
        var query = clauses.Count == 0 ? null : string.Join(" and ", clauses);

        // A filtered page may come back empty with a token (the service stops at its own limits): read on to the first
        // page with rows, or the end.
        await foreach (var page in tables.StaffQueue.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize).ConfigureAwait(false))
        {
            if (page.Values.Count > 0 || page.ContinuationToken is null)
            {
                return new QueuePage(page.Values.Select(ToEntry).ToArray(), page.ContinuationToken);
            }
        }

        return new QueuePage([], null);
    }

    private static TableEntity ToIndexRow(TableEntity referral)
    {
        var approved = referral.GetString("Fact" + WorkflowFacts.Priority) is { Length: > 0 } a ? a : null;
        var proposed = referral.GetString("Fact" + WorkflowFacts.ProposedPriority) is { Length: > 0 } p ? p : null;
        var due = DueAt(referral);
        return new TableEntity(referral.GetString("Status"), RowKey(due, referral.PartitionKey))
        {
            ["ReferralId"] = referral.PartitionKey,
            [PriorityProperty] = approved ?? proposed,
            [ApprovedPriorityProperty] = approved,
            [ProposedPriorityProperty] = proposed,
            ["Category"] = referral.GetString("Category"),
            ["OpenDecisions"] = referral.GetString("OpenDecisions") ?? "",
            [DueAtProperty] = due,
            ["ReceivedAt"] = referral.GetDateTimeOffset("ReceivedAt"),
            ["UpdatedAt"] = referral.GetDateTimeOffset("UpdatedAt"),
        };
    }

    private static QueueEntry ToEntry(TableEntity row) => new(
        row.GetString("ReferralId"),
        Enum.Parse<ReferralStatus>(row.PartitionKey),
        row.GetString(ApprovedPriorityProperty),
        row.GetString(ProposedPriorityProperty),
        row.GetString("Category") ?? "",
        row.GetDateTimeOffset("ReceivedAt") ?? default,
        row.GetDateTimeOffset("UpdatedAt") ?? default,
        row.GetString("OpenDecisions") is { Length: > 0 } open ? open.Split(',') : [],
        row.GetDateTimeOffset(DueAtProperty));

    private static string DueKey(DateTimeOffset? dueAt) =>
        dueAt is { } due ? due.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture) : NoDue;
}

/// <summary>What the staff queue is filtered by; null means any.</summary>
public sealed record QueueFilter(ReferralStatus? Status, string? Priority, DateTimeOffset? DueBefore);

/// <summary>One page of the staff queue and the token for the next (null on the last page).</summary>
public sealed record QueuePage(IReadOnlyList<QueueEntry> Items, string? ContinuationToken);

/// <summary>One referral in the staff queue, as its index row holds it.</summary>
public sealed record QueueEntry(
    string Reference,
    ReferralStatus Status,
    string? Priority,
    string? ProposedPriority,
    string Category,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> OpenDecisions,
    DateTimeOffset? DueAt);
