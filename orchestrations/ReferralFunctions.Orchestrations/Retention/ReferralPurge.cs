using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Referrals;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Retention;

/// <summary>
/// Deletes a referral past its retention: its rows in the tables that name it (idempotency keys, reminders, local
/// messages), then every store's rows in its partition (<see cref="IReferralRows"/>), then the referral row, last, so
/// an interrupted delete is found and finished by the next sweep. Repeating it deletes what is left.
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

        await referrals.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
    }
}
