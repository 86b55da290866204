using Azure;
using Azure.Data.Tables;

namespace ReferralFunctions.Storage;

/// <summary>
/// A store that keeps rows in a referral's partition of <see cref="ReferralTables.Referrals"/>, each kind under a row key
/// prefix it owns. The retention purge (<c>Retention.ReferralPurge</c>) asks every one of them to delete its rows.
/// </summary>
public interface IReferralRows
{
    /// <summary>The row key prefixes this store writes under (docs/storage.md lists them all; a test keeps it true).</summary>
    IReadOnlyList<string> RowKeyPrefixes { get; }

    /// <summary>Deletes this store's rows of one referral. Repeating it deletes what is left.</summary>
    Task DeleteAsync(string referralId, CancellationToken cancellationToken);
}

/// <summary>Range queries and deletes over one row kind (a row key prefix) of a referral's partition.</summary>
public static class ReferralPartition
{
    /// <summary>The rows of <paramref name="id"/> whose key starts with <paramref name="prefix"/> ("timeline|" to "timeline}").</summary>
    public static string PrefixFilter(string id, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {prefix} and RowKey lt {prefix.TrimEnd('|') + "}"}");

    /// <summary>Maps every row under <paramref name="prefix"/>, in row key order.</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(TableClient table, string id, string prefix, Func<TableEntity, CancellationToken, ValueTask<T>> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(map);
        var found = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(PrefixFilter(id, prefix), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(await map(row, cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    /// <summary>Deletes every row under each prefix, in batches (one partition, at most 100 a batch).</summary>
    public static async Task DeleteAsync(TableClient table, string id, IEnumerable<string> prefixes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(prefixes);
        foreach (var prefix in prefixes)
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(PrefixFilter(id, prefix), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }

            foreach (var chunk in rows.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
