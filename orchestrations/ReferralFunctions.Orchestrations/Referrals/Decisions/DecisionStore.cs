using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Referrals.Queue;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Decisions;

/// <summary>
/// Staff decisions on a referral: one row per decision (<c>decision|{decisionId}</c>) in its partition. The event the
/// orchestration receives stays in clear (ids and structured fields only); the details, which hold free text, are encrypted.
/// </summary>
public sealed class DecisionStore(ReferralTables tables, FieldCipher cipher, ReferralQueueIndex queue) : IReferralRows
{
    public const string RowKeyPrefix = "decision|";

    /// <summary>The decision as made, free text included.</summary>
    public static readonly EncryptedColumn Details = new(ReferralTables.ReferralsTableName, RowKeyPrefix, "DetailsJson");

    public IReadOnlyList<string> RowKeyPrefixes => [RowKeyPrefix];

    /// <summary>
    /// Accepts a decision if the referral still has <paramref name="etag"/> and waits for <paramref name="decision"/>'s
    /// kind: stores it and closes the open decisions in one transaction, so two people cannot both decide one step.
    /// </summary>
    public async Task<DecisionAcceptance> AcceptAsync(string id, string etag, DecisionRecord decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var rowKey = RowKeyPrefix + decision.DecisionId;
        var row = new TableEntity(id, rowKey)
        {
            ["Kind"] = decision.Kind,
            ["Actor"] = decision.Actor,
            ["At"] = decision.At,

            // The event is what the orchestration receives: ids and structured fields only. Free text lives in the details.
            ["EventJson"] = decision.EventJson,
            [Details.Property] = await cipher.EncryptTextAsync(Details, id, rowKey, decision.DetailsJson, cancellationToken).ConfigureAwait(false),
        };
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateMerge, ReferralRepository.ClosingDecisions(id, decision.DecisionId, decision.At), new ETag(etag)),
            new(TableTransactionActionType.Add, row),
        ];
        try
        {
            var response = await tables.Referrals.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);

            await SyncQueueAsync(id, cancellationToken).ConfigureAwait(false);
            return new DecisionAcceptance(true, response.Value[0].Headers.ETag?.ToString());
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            return new DecisionAcceptance(false, null);
        }
    }

    /// <summary>
    /// The queue stops showing the decision as awaited. The decision stands if this fails: the workflow's next stage
    /// writes the index row again.
    /// </summary>
    private async Task SyncQueueAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SyncAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Made good by the next stage change (ReferralRepository.RecordAsync syncs after every write).
        }
    }

    public async Task<DecisionRecord?> FindAsync(string id, string decisionId, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, RowKeyPrefix + decisionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? await ToDecisionAsync(row.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    public Task<IReadOnlyList<DecisionRecord>> GetAsync(string id, CancellationToken cancellationToken) =>
        ReferralPartition.QueryAsync(tables.Referrals, id, RowKeyPrefix, ToDecisionAsync, cancellationToken);

    public Task DeleteAsync(string referralId, CancellationToken cancellationToken) =>
        ReferralPartition.DeleteAsync(tables.Referrals, referralId, RowKeyPrefixes, cancellationToken);

    private async ValueTask<DecisionRecord> ToDecisionAsync(TableEntity row, CancellationToken cancellationToken) => new(
        row.RowKey[RowKeyPrefix.Length..], row.GetString("Kind"), row.GetString("Actor"), row.GetDateTimeOffset("At") ?? default,
        row.GetString("EventJson"),
        (await cipher.DecryptTextAsync(Details, row.PartitionKey, row.RowKey, row.GetString(Details.Property), cancellationToken).ConfigureAwait(false))!);
}
