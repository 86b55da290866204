using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Audit;

/// <summary>
/// The append-only audit trail: one table partition holding a chain of entries, each carrying an HMAC-SHA256 (under
/// <see cref="AuditOptions.ChainKey"/>) of its content and of the entry before it; entries written before the chain was
/// keyed keep their plain SHA-256. A head row names the last entry; appending updates the head (ETag-guarded) and adds
/// the entry in one transaction, so concurrent writers are serialised and no entry is lost or forked. Removing or
/// altering any entry, or the last ones, breaks the chain and <see cref="VerifyAsync"/> says where; a rewrite by a
/// holder of the key is caught by the anchored heads (<see cref="AuditAnchor"/>).
/// </summary>
public sealed class AuditTrail(ReferralTables tables, TimeProvider time, IOptions<AuditOptions> options)
{
    private const string Partition = "chain";
    private const string HeadRow = "head";
    private const string DedupePrefix = "once|";
    private const int MaxAttempts = 50;

    /// <summary>The hash before the first entry.</summary>
    public static readonly string Genesis = AuditChainCheck.Genesis;

    private byte[] Key => Encoding.UTF8.GetBytes(options.Value.ChainKey);

    /// <summary>Appends <paramref name="audit"/>; with a dedupe key already recorded, does nothing and returns null.</summary>
    public async Task<AuditEntry?> AppendAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        for (var attempt = 1; ; attempt++)
        {
            var head = await tables.Audit.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var sequence = head.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0;
            var previous = head.HasValue ? head.Value!.GetString("Hash") : Genesis;
            var entry = AuditSeal.Seal(
                new AuditEntry(sequence + 1, time.GetUtcNow(), audit.Actor, audit.Role, audit.Action, audit.ReferralId, audit.Purpose, audit.Detail, previous, "", AuditAlgorithms.HmacSha256),
                Key);

            var newHead = new TableEntity(Partition, HeadRow) { ["Sequence"] = entry.Sequence, ["Hash"] = entry.Hash };
            var batch = new List<TableTransactionAction>
            {
                head.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag)
                    : new(TableTransactionActionType.Add, newHead),
                new(TableTransactionActionType.Add, ToEntity(entry)),
            };
            if (audit.DedupeKey is { } key)
            {
                batch.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, DedupeRowKey(key)) { ["Sequence"] = entry.Sequence }));
            }

            try
            {
                await tables.Audit.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                return entry;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Either the head moved (another writer: try again) or this event was recorded before (a retry: done).
                if (audit.DedupeKey is { } dedupe
                    && (await tables.Audit.GetEntityIfExistsAsync<TableEntity>(Partition, DedupeRowKey(dedupe), cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
                {
                    return null;
                }

                if (attempt >= MaxAttempts)
                {
                    throw;
                }

                await Task.Delay(Random.Shared.Next(5, 20 * Math.Min(attempt, 10)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Entries in order, optionally only those about one referral.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? referralId, int max, CancellationToken cancellationToken)
    {
        var found = new List<AuditEntry>();
        await foreach (var entry in EntriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (referralId is null || entry.ReferralId == referralId)
            {
                found.Add(entry);
            }
        }

        return found.Count > max ? found[^max..] : found;
    }

    /// <summary>The sequence and hash the head row names: (0, <see cref="Genesis"/>) for an empty chain.</summary>
    public async Task<(long Sequence, string Hash)> HeadAsync(CancellationToken cancellationToken)
    {
        var head = await tables.Audit.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return head.HasValue ? (head.Value!.GetInt64("Sequence") ?? 0, head.Value!.GetString("Hash") ?? "") : (0, Genesis);
    }

    /// <summary>
    /// Walks the whole chain and checks every link and every entry's seal, that the head names a true entry, and that
    /// every anchored head is in the chain unchanged (<see cref="AuditChainCheck"/>).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(AuditAnchorSet anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchors);

        // The head first: entries appended during the walk then lie past it, and are checked but not required.
        var (headSequence, headHash) = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var check = new AuditChainCheck(Key, headSequence, headHash, anchors.Records, anchors.Unreadable);
        await foreach (var entry in EntriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!check.Add(entry))
            {
                break;
            }
        }

        return check.Finish();
    }

    /// <summary>
    /// After a restore into <paramref name="auditTable"/>: moves the head forward to the last entry present when the
    /// restored head is older (entries appended after the export survived), so the next append continues the chain.
    /// Never moves it back: a head past the last entry means entries were lost, which verification must report.
    /// </summary>
    internal static async Task RealignHeadAsync(TableClient auditTable, CancellationToken cancellationToken)
    {
        TableEntity? last = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {":"}");
        await foreach (var row in auditTable.QueryAsync<TableEntity>(filter, select: ["RowKey", "Sequence", "Hash"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            last = row;
        }

        var head = await auditTable.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        var headSequence = head.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0;
        if (last?.GetInt64("Sequence") is { } lastSequence && lastSequence > headSequence)
        {
            var newHead = new TableEntity(Partition, HeadRow) { ["Sequence"] = lastSequence, ["Hash"] = last.GetString("Hash") };
            await (head.HasValue
                ? auditTable.UpdateEntityAsync(newHead, head.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                : auditTable.AddEntityAsync(newHead, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<AuditEntry> EntriesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Entry rows are 19-digit sequence numbers, so they sort before "head" and "once|" and come back in order.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {":"}");
        await foreach (var row in tables.Audit.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(row);
        }
    }

    private static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    // Any key becomes a valid row key: table keys may not hold '/', '\\', '#', '?' or control characters.
    private static string DedupeRowKey(string key) => DedupePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static TableEntity ToEntity(AuditEntry entry) => new(Partition, RowKey(entry.Sequence))
    {
        ["Sequence"] = entry.Sequence,
        ["At"] = entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["Actor"] = entry.Actor,
        ["Role"] = entry.Role,
        ["Action"] = entry.Action,
        ["ReferralId"] = entry.ReferralId,
        ["Purpose"] = entry.Purpose,
        ["Detail"] = entry.Detail,
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
        ["Algorithm"] = entry.Algorithm,
    };

    private static AuditEntry FromEntity(TableEntity row) => new(
        row.GetInt64("Sequence") ?? -1,
        DateTimeOffset.Parse(row.GetString("At") ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        row.GetString("Actor") ?? "",
        row.GetString("Role") ?? "",
        row.GetString("Action") ?? "",
        row.GetString("ReferralId") ?? "",
        row.GetString("Purpose") ?? "",
        row.GetString("Detail"),
        row.GetString("PreviousHash") ?? "",
        row.GetString("Hash") ?? "",
        row.GetString("Algorithm") ?? AuditAlgorithms.Sha256);
}
