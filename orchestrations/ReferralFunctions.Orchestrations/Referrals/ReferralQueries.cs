using Azure.Data.Tables;
using ReferralFunctions.Referrals.WorkflowHealth;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals;

/// <summary>Listings across referrals (their referral rows): retention and the workflow health check (the staff queue reads its index, <see cref="Queue.ReferralQueueIndex"/>).</summary>
public sealed class ReferralQueries(ReferralTables tables)
{
    /// <summary>Every referral's id, dates, status and whether its orchestration history was purged: what retention needs.</summary>
    public async Task<IReadOnlyList<RetentionCandidate>> ListForRetentionAsync(CancellationToken cancellationToken)
    {
        var found = new List<RetentionCandidate>();
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {ReferralRepository.RowKey}"), select: ["PartitionKey", "Status", "ReceivedAt", "UpdatedAt", "HistoryPurgedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
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
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ReferralRepository.RowKey} and Status ne {nameof(ReferralStatus.Closed)}");
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(filter, select: WorkflowRepairStore.OpenColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(WorkflowRepairStore.ToOpenReferral(row));
        }

        return found;
    }

    /// <summary>One referral as <see cref="ListOpenAsync(CancellationToken)"/> lists it, or null if it is closed or unknown.</summary>
    public async Task<OpenReferral?> ListOpenAsync(string id, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, ReferralRepository.RowKey, select: WorkflowRepairStore.OpenColumns, cancellationToken: cancellationToken).ConfigureAwait(false);
        return !row.HasValue || row.Value!.GetString("Status") == nameof(ReferralStatus.Closed) ? null : WorkflowRepairStore.ToOpenReferral(row.Value!);
    }
}
