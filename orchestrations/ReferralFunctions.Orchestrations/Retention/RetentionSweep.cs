using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Audit;
using ReferralFunctions.Referrals;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Retention;

/// <summary>
/// Applies the retention periods: purges finished referrals' orchestration history, and deletes referrals past their
/// retention. Each step is safe to repeat after a crash: the audit entry is keyed (written once), purging an already
/// purged instance and deleting deleted rows do nothing.
/// </summary>
public sealed partial class RetentionSweep(
    ReferralQueries queries,
    ReferralRepository referrals,
    ReferralPurge purging,
    ReferralTables tables,
    AuditTrail audit,
    TimeProvider time,
    IOptions<RetentionOptions> options,
    ILogger<RetentionSweep> logger)
{
    private const string HistoryPurgedFact = "HistoryPurgedAt";

    public async Task<RetentionResult> RunAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var now = time.GetUtcNow();
        var retention = options.Value;
        int purged = 0, deleted = 0, terminated = 0;
        foreach (var referral in await queries.ListForRetentionAsync(cancellationToken).ConfigureAwait(false))
        {
            var delete = referral.ReceivedAt <= now - retention.DeleteAfter;
            var purge = !delete && referral.HistoryPurgedAt is null && referral.UpdatedAt <= now - retention.HistoryAfter;
            if (!delete && !purge)
            {
                // Most referrals, most nights: nothing due, so the engine is not asked.
                continue;
            }

            var instance = await durable.GetInstanceAsync(referral.Id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (delete)
            {
                if (instance is { IsCompleted: false })
                {
                    // A workflow still open past retention is ended first; the next sweep deletes it.
                    await durable.TerminateInstanceAsync(referral.Id, "Retention period ended", cancellationToken).ConfigureAwait(false);
                    terminated++;
                    continue;
                }

                await audit.AppendAsync(
                    new AuditEvent(Actor.System, ActorRoles.System, AuditActions.ReferralDeleted, referral.Id, "retention period ended",
                        string.Create(CultureInfo.InvariantCulture, $"received={referral.ReceivedAt:O} retention={retention.DeleteAfter.TotalDays:0}d status={referral.Status}"),
                        "deleted|" + referral.Id),
                    cancellationToken).ConfigureAwait(false);
                await durable.PurgeInstanceAsync(referral.Id, cancellation: cancellationToken).ConfigureAwait(false);
                await purging.DeleteAsync(referral.Id, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            else if (instance is null or { IsCompleted: true })
            {
                await durable.PurgeInstanceAsync(referral.Id, cancellation: cancellationToken).ConfigureAwait(false);
                await audit.AppendAsync(
                    new AuditEvent(Actor.System, ActorRoles.System, AuditActions.HistoryPurged, referral.Id, "orchestration history retention",
                        string.Create(CultureInfo.InvariantCulture, $"after={retention.HistoryAfter.TotalDays:0}d status={referral.Status}"),
                        "history-purged|" + referral.Id),
                    cancellationToken).ConfigureAwait(false);
                await referrals.SetFactAsync(referral.Id, HistoryPurgedFact, now.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                purged++;
            }
        }

        var nonces = await DeleteOldNoncesAsync(now - retention.NoncesAfter, cancellationToken).ConfigureAwait(false);
        Log.Swept(logger, purged, deleted, terminated, nonces);
        return new RetentionResult(purged, deleted, terminated, nonces);
    }

    private async Task<int> DeleteOldNoncesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var row in tables.CarrierNonces.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"UsedAt lt {before}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await tables.CarrierNonces.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Retention sweep: {Purged} histories purged, {Deleted} referrals deleted, {Terminated} overdue workflows ended, {Nonces} old nonces removed")]
        public static partial void Swept(ILogger logger, int purged, int deleted, int terminated, int nonces);
    }
}

/// <summary>What one sweep did.</summary>
public sealed record RetentionResult(int HistoriesPurged, int ReferralsDeleted, int WorkflowsTerminated, int NoncesDeleted);
