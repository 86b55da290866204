using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Referrals;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Retention;

/// <summary>
/// Deletes a referral past its retention: its rows in the tables that name it (idempotency keys, reminders, local
/// messages), then every store's rows in its partition (<see cref="IReferralRows"/>), then any row of the partition no
/// store claims (written by an older version, or by a store not registered here: retention must not leave it behind),
/// then the referral row, last, so an interrupted delete is found and finished by the next sweep. Repeating it deletes
/// what is left.
/// </summary>
public sealed class ReferralPurge(ReferralTables tables, IEnumerable<IReferralRows> stores, ReferralRepository referrals)
{
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        foreach (var table in tables.ReferringToReferral)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ReferralId eq {id}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var store in stores)
        {
            await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        }

        var unclaimed = new List<TableEntity>();
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ne {ReferralRepository.RowKey}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            unclaimed.Add(row);
        }

        foreach (var chunk in unclaimed.Chunk(100))
        {
            await tables.Referrals.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
        }

        await referrals.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
    }
}
