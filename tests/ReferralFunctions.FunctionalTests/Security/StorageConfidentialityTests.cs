using ReferralFunctions.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Reads the storage account the way someone with a copy of it would — every table, queue and blob of the referral
/// tables and the durable task hub — after a whole referral run, and finds no confidential value in clear.
/// </summary>
public sealed class StorageConfidentialityTests(ReferralHostFixture host, ITestOutputHelper output) : IClassFixture<ReferralHostFixture>
{
    [Fact]
    public async Task Raw_tables_and_task_hub_hold_no_confidential_value_in_clear()
    {
        var run = await ConfidentialRun.RunAsync(host);
        var (tableNames, scanned) = await RawStorage.ReadAsync(host);

        Assert.Contains(host.TablePrefix + "Referrals", tableNames);
        Assert.Contains(host.TaskHub + "History", tableNames);
        Assert.Contains(host.TaskHub + "Instances", tableNames);
        // A control: the container number, which agencies are sent by design, is found, so the scan does read content.
        Assert.Contains(scanned, s => s.Text.Contains("MSKU1234565", StringComparison.Ordinal));
        foreach (var (where, text) in scanned)
        {
            foreach (var value in run.Forbidden)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"{where} holds a confidential value in clear");
            }
        }

        // The referral is still fully readable through the API: the values are there, only encrypted.
        var view = await host.Carrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{run.Reference}", null);
        Assert.True(view.IsSuccessStatusCode);
        output.WriteLine($"{scanned.Count} stored values in {tableNames.Count} tables plus the task hub's queues and blobs scanned for {run.Forbidden.Count} confidential values: none in clear.");
    }
}
