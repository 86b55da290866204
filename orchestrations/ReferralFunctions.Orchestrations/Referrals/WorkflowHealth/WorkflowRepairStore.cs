using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.WorkflowHealth;

/// <summary>
/// What went wrong with a referral's workflow and how supervisors repaired it: the last error (step and error type) and
/// the repair count on the referral row, and one row per repair (<c>repair|{repairId}</c>), its reason encrypted.
/// </summary>
public sealed class WorkflowRepairStore(ReferralTables tables, FieldCipher cipher) : IReferralRows
{
    public const string RowKeyPrefix = "repair|";

    /// <summary>Why the supervisor repaired it, as they wrote it.</summary>
    public static readonly EncryptedColumn Reason = new(ReferralTables.ReferralsTableName, RowKeyPrefix, "Reason");

    internal const string RepairsProperty = "WorkflowRepairs";
    internal const string ErrorTypeProperty = "WorkflowErrorType";
    internal const string FailedStepProperty = "WorkflowFailedStep";

    public IReadOnlyList<string> RowKeyPrefixes => [RowKeyPrefix];

    /// <summary>
    /// Records a supervisor's workflow repair if the referral still has <paramref name="etag"/>: the repair row and the
    /// referral's repair count in one transaction, so two supervisors cannot both repair one state. False if it changed.
    /// </summary>
    public async Task<DecisionAcceptance> RecordAsync(string id, string etag, WorkflowRepairRecord repair, int repairsBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repair);
        var rowKey = RowKeyPrefix + repair.RepairId;
        var change = ReferralRepository.Change(id, repair.At);
        change[RepairsProperty] = repairsBefore + 1;
        change[ErrorTypeProperty] = "";
        change[FailedStepProperty] = "";
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateMerge, change, new ETag(etag)),
            new(TableTransactionActionType.Add, new TableEntity(id, rowKey)
            {
                ["Actor"] = repair.Actor,
                ["At"] = repair.At,
                ["Problem"] = repair.Problem,
                ["OrchestrationState"] = repair.OrchestrationState,
                ["ErrorType"] = repair.ErrorType,
                ["Status"] = repair.Status.ToString(),
                [Reason.Property] = await cipher.EncryptTextAsync(Reason, id, rowKey, repair.Reason, cancellationToken).ConfigureAwait(false),
            }),
        ];
        try
        {
            var response = await tables.Referrals.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return new DecisionAcceptance(true, response.Value[0].Headers.ETag?.ToString());
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            return new DecisionAcceptance(false, null);
        }
    }

    public async Task<WorkflowRepairRecord?> FindAsync(string id, string repairId, CancellationToken cancellationToken)
    {
        var rowKey = RowKeyPrefix + repairId;
        var found = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        return new WorkflowRepairRecord(repairId, row.GetString("Actor"), row.GetDateTimeOffset("At") ?? default, row.GetString("Problem"),
            row.GetString("OrchestrationState"), row.GetString("ErrorType"), Enum.Parse<ReferralStatus>(row.GetString("Status")),
            (await cipher.DecryptTextAsync(Reason, id, rowKey, row.GetString(Reason.Property), cancellationToken).ConfigureAwait(false))!);
    }

    /// <summary>Records what made the referral's workflow fail (the step and the error type), without changing its ETag's meaning for people: merged, unconditional.</summary>
    public Task SetErrorAsync(string id, string failedStep, string errorType, CancellationToken cancellationToken)
    {
        var change = ReferralRepository.Change(id);
        change[ErrorTypeProperty] = errorType;
        change[FailedStepProperty] = failedStep;
        return tables.Referrals.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public Task DeleteAsync(string referralId, CancellationToken cancellationToken) =>
        ReferralPartition.DeleteAsync(tables.Referrals, referralId, RowKeyPrefixes, cancellationToken);

    /// <summary>The referral row's properties <see cref="ToOpenReferral"/> reads.</summary>
    internal static readonly string[] OpenColumns = ["PartitionKey", "Status", "ReceivedAt", "UpdatedAt", RepairsProperty, ErrorTypeProperty, FailedStepProperty];

    internal static OpenReferral ToOpenReferral(TableEntity row) =>
        new(row.PartitionKey, Enum.Parse<ReferralStatus>(row.GetString("Status")), row.GetDateTimeOffset("ReceivedAt") ?? default,
            row.GetDateTimeOffset("UpdatedAt") ?? default, row.GetInt32(RepairsProperty) ?? 0)
        {
            LastError = row.GetString(ErrorTypeProperty) is { Length: > 0 } type ? new WorkflowErrorRecord(row.GetString(FailedStepProperty), type) : null,
        };
}
