using Azure.Data.Tables;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals;

/// <summary>Customs' validation questions to the referring carrier: one row per question (<c>question|{questionId}</c>), the text encrypted.</summary>
public sealed class QuestionStore(ReferralTables tables, FieldCipher cipher) : IReferralRows
{
    public const string RowKeyPrefix = "question|";

    /// <summary>The question as asked.</summary>
    public static readonly EncryptedColumn Text = new(ReferralTables.ReferralsTableName, RowKeyPrefix, "Text");

    public IReadOnlyList<string> RowKeyPrefixes => [RowKeyPrefix];

    /// <summary>Adds a validation question (idempotent by question id).</summary>
    public async Task AddAsync(string id, ValidationQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var rowKey = RowKeyPrefix + question.QuestionId;
        await tables.Referrals.UpsertEntityAsync(
            new TableEntity(id, rowKey)
            {
                ["Path"] = question.Path,
                [Text.Property] = await cipher.EncryptTextAsync(Text, id, rowKey, question.Text, cancellationToken).ConfigureAwait(false),
                ["AskedBy"] = question.AskedBy,
                ["AskedAt"] = question.AskedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ValidationQuestion>> GetAsync(string id, CancellationToken cancellationToken) =>
        ReferralPartition.QueryAsync(tables.Referrals, id, RowKeyPrefix, async (row, ct) => new ValidationQuestion(
            row.RowKey[RowKeyPrefix.Length..],
            row.GetString("Path"),
            (await cipher.DecryptTextAsync(Text, id, row.RowKey, row.GetString(Text.Property), ct).ConfigureAwait(false))!,
            row.GetString("AskedBy"),
            row.GetDateTimeOffset("AskedAt") ?? default), cancellationToken);

    public Task DeleteAsync(string referralId, CancellationToken cancellationToken) =>
        ReferralPartition.DeleteAsync(tables.Referrals, referralId, RowKeyPrefixes, cancellationToken);
}
