using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Triage;

/// <summary>The risk assessment (JSON), kept on the referral row's <c>RiskAssessment</c> property.</summary>
public sealed class RiskAssessmentStore(ReferralTables tables)
{
    private const string Property = "RiskAssessment";

    /// <summary>Stores the risk assessment (JSON) on the referral: merged, unconditional.</summary>
    public Task SetAsync(string id, string assessmentJson, CancellationToken cancellationToken)
    {
        var change = ReferralRepository.Change(id);
        change[Property] = assessmentJson;
        return tables.Referrals.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<string?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, ReferralRepository.RowKey, select: [Property], cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString(Property) : null;
    }
}
