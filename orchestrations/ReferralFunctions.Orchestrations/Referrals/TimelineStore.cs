using System.Globalization;
using Azure.Data.Tables;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals;

/// <summary>
/// A referral's timeline: one row per step (<c>timeline|{ticks}|{entryId}</c>) in its partition, the note encrypted.
/// A step that also moves the referral's status is written with the referral row in one batch
/// (<see cref="ReferralRepository.RecordAsync(string, TimelineEntry, string?, IReadOnlyDictionary{string, string}?, DateTimeOffset?, CancellationToken)"/>).
/// </summary>
public sealed class TimelineStore(ReferralTables tables, FieldCipher cipher) : IReferralRows
{
    public const string RowKeyPrefix = "timeline|";

    /// <summary>What the person or system noted with the step.</summary>
    public static readonly EncryptedColumn Note = new(ReferralTables.ReferralsTableName, RowKeyPrefix, "Note");

    public IReadOnlyList<string> RowKeyPrefixes => [RowKeyPrefix];

    /// <summary>
    /// Adds an entry to the timeline without touching the referral row, so its ETag stays: a reminder the system sends
    /// must not make a person's pending decision stale. Repeating the same entry changes nothing further.
    /// </summary>
    public async Task AppendAsync(string id, TimelineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (await HasEntryAsync(id, entry.EntryId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await tables.Referrals.UpsertEntityAsync(await EntityAsync(id, entry, cancellationToken).ConfigureAwait(false), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a step with this entry id is on the timeline already. The row key holds the step's time, which is not
    /// stable: after a crash the durable engine may run a step's activity twice, once from the dead host's message and
    /// once from the episode it runs again at a new time (same entry id). The first write wins; the late one must not
    /// add a second row, nor set the stage back (Reliability/HostCrashTests).
    /// </summary>
    internal async Task<bool> HasEntryAsync(string id, string entryId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {RowKeyPrefix} and RowKey lt {RowKeyPrefix + '~'} and EntryId eq {entryId}");
        await foreach (var _ in tables.Referrals.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    /// <summary>The entry's row, its note encrypted.</summary>
    internal async Task<TableEntity> EntityAsync(string id, TimelineEntry entry, CancellationToken cancellationToken)
    {
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{RowKeyPrefix}{entry.At.UtcTicks:D19}|{entry.EntryId}");
        return new TableEntity(id, rowKey)
        {
            ["EntryId"] = entry.EntryId,
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Status"] = entry.Status.ToString(),
            [Note.Property] = await cipher.EncryptTextAsync(Note, id, rowKey, entry.Note, cancellationToken).ConfigureAwait(false),
        };
    }

    public Task<IReadOnlyList<TimelineEntry>> GetAsync(string id, CancellationToken cancellationToken) =>
        ReferralPartition.QueryAsync(tables.Referrals, id, RowKeyPrefix, async (row, ct) => new TimelineEntry(
            row.GetString("EntryId"),
            row.GetDateTimeOffset("At") ?? default,
            row.GetString("Actor"),
            row.GetString("Action"),
            Enum.Parse<ReferralStatus>(row.GetString("Status")),
            await cipher.DecryptTextAsync(Note, id, row.RowKey, row.GetString(Note.Property), ct).ConfigureAwait(false)), cancellationToken);

    public Task DeleteAsync(string referralId, CancellationToken cancellationToken) =>
        ReferralPartition.DeleteAsync(tables.Referrals, referralId, RowKeyPrefixes, cancellationToken);
}
