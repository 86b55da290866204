using Azure.Data.Tables;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Storage;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// After a whole referral run, every encrypted value in storage sits in a declared <see cref="EncryptedColumn"/>: an
/// encrypted write that re-encryption would not know about is found here, whichever way it was made.
/// </summary>
public sealed class EncryptedColumnsTests(ReferralHostFixture host, ITestOutputHelper output) : IClassFixture<ReferralHostFixture>
{
    private static readonly byte[] Magic = "RFE1"u8.ToArray();

    [Fact]
    public async Task Every_encrypted_value_stored_is_in_a_column_reencryption_rewrites()
    {
        await ConfidentialRun.RunAsync(host);
        var columns = host.Get<EncryptedColumns>().All;
        var seen = new HashSet<EncryptedColumn>();
        var values = 0;

        foreach (var (name, table) in host.Get<ReferralTables>().ByLogicalName)
        {
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                foreach (var (property, value) in row)
                {
                    if (!IsEncrypted(value))
                    {
                        continue;
                    }

                    values++;
                    var column = columns.FirstOrDefault(c => c.Table == name && c.IsOn(row.RowKey) && Holds(c, property));
                    Assert.True(column is not null, $"{name} {row.RowKey} {property} is encrypted but no EncryptedColumn declares it");
                    seen.Add(column!);
                }
            }
        }

        // A control: what the run writes encrypted (submission, carrier, questions, decisions, kept answers) was found.
        Assert.All(
            [ReferralRepository.Submission, ReferralRepository.CarrierIdSealed, QuestionStore.Text, DecisionStore.Details, IdempotencyStore.ResponseBody],
            column => Assert.Contains(column, seen));
        output.WriteLine($"{values} encrypted values in {seen.Count} declared columns.");
    }

    private static bool IsEncrypted(object value) => value switch
    {
        string text => text.StartsWith(FieldCipher.TextPrefix, StringComparison.Ordinal),
        byte[] bytes => bytes.AsSpan().StartsWith(Magic),
        _ => false,
    };

    // A chunked column's parts are Submission0, Submission1…
    private static bool Holds(EncryptedColumn column, string property) =>
        property == column.Property
        || (column.Kind == EncryptedValueKind.Chunked && property.StartsWith(column.Property, StringComparison.Ordinal) && property[column.Property.Length..].All(char.IsAsciiDigit));
}
