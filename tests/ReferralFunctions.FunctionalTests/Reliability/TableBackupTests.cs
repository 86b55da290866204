using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using ReferralFunctions.Admin;
using ReferralFunctions.Audit;
using ReferralFunctions.Backup;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>
/// The restore procedure on the real path (local host on Kestrel, durable engine, Azurite): referrals are walked through
/// the workflow, the tables exported, then deleted by "mistake", and restored with the operator's command. The entities
/// come back byte for byte, the API answers exactly as before, the workflow carries on, a second restore duplicates
/// nothing, and an altered or partial export is refused without a write.
/// </summary>
public sealed class TableBackupTests(TableBackupTests.Fixture host) : IClassFixture<TableBackupTests.Fixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    private string Container => host.Container;

    [Fact]
    public async Task Deleted_tables_are_restored_exactly_and_the_referrals_read_back_as_before()
    {
        var durable = host.Get<DurableTaskClient>();
        var tables = host.Get<ReferralTables>();

        // Three referrals at three stages: released feedback, awaiting triage, awaiting validation.
        var closed = (await ConfidentialRun.RunAsync(host)).Reference;
        var triage = await SubmitAsync();
        await durable.WaitForStageAsync(triage, ReferralStatus.AwaitingValidation);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Carrier().SendAsync(HttpMethod.Post, $"/api/v1/referrals/{triage}/validation",
            """{"confirm":true,"additionalInformation":"Container still at the terminal"}"""u8.ToArray(),
            r => { r.Headers.Add("Idempotency-Key", CarrierClient.NewKey()); r.Content!.Headers.ContentType = new("application/json"); })).StatusCode);
        await durable.WaitForStageAsync(triage, ReferralStatus.AwaitingTriage);
        var fresh = await SubmitAsync();
        await durable.WaitForStageAsync(fresh, ReferralStatus.AwaitingValidation);
        string[] references = [closed, triage, fresh];

        var before = new Dictionary<string, string>();
        foreach (var reference in references)
        {
            before[reference] = await ViewsAsync(reference);
        }

        // What the export must hold: every table as stored, taken after the last request (carrier requests leave nonces).
        var snapshot = await SnapshotAsync(tables);
        var manifest = await host.Get<TableExport>().RunAsync(CancellationToken.None);
        Assert.Equal(tables.All.Select(t => t.Name[host.TablePrefix.Length..]), manifest.Tables.Select(t => t.Table));
        Assert.All(manifest.Tables, t => Assert.Equal(snapshot[t.Table].Count, t.Entities));
        Assert.True(snapshot["Referrals"].Count > 20 && snapshot["AuditTrail"].Count > 10, "the walk wrote a timeline and an audit trail");

        // The mistake: two tables dropped, every row of the others deleted.
        await tables.Referrals.DeleteAsync();
        await tables.Idempotency.DeleteAsync();
        foreach (var table in new[] { tables.Audit, tables.CarrierNonces, tables.Reminders, tables.OutboundMessages })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }

        Assert.NotEqual(HttpStatusCode.OK, (await Analyst.GetAsync($"/api/v1/analyst/referrals/{closed}")).StatusCode);

        // The operator's restore.
        var (exit, output) = await RestoreAsync(manifest.ExportId);
        Assert.Equal(0, exit);
        Assert.Equal(snapshot.Values.Sum(rows => rows.Count), JsonDocument.Parse(output).RootElement.GetProperty("tables").EnumerateArray().Sum(t => t.GetProperty("entities").GetInt64()));
        await AssertRestoredAsync(tables, snapshot, restores: 1);

        // A second restore writes the same rows again: nothing is duplicated.
        Assert.Equal(0, (await RestoreAsync(manifest.ExportId)).Exit);
        await AssertRestoredAsync(tables, snapshot, restores: 2);

        // The API answers as it did before the mistake, and the chain verifies.
        foreach (var reference in references)
        {
            Assert.Equal(before[reference], await ViewsAsync(reference));
        }

        Assert.True((await (await Supervisor.GetAsync("/api/v1/supervisor/audit/verification")).JsonAsync()).GetProperty("intact").GetBoolean());

        // The workflows, which never stopped, carry on with the restored records.
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, triage, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        await durable.WaitForStageAsync(triage, ReferralStatus.AgenciesNotified);
        var (view, _) = await Analyst.ReferralAsync(triage);
        Assert.Equal(nameof(ReferralStatus.AgenciesNotified), view.GetProperty("status").GetString());

        // Restoring into other tables, to inspect first, leaves the app's own tables alone.
        var inspect = "r" + host.TablePrefix;
        try
        {
            var referralsNow = await RowsAsync(tables.Referrals);
            Assert.Equal(0, (await RestoreAsync(manifest.ExportId, "--into-prefix", inspect)).Exit);
            var service = host.Get<TableServiceClient>();
            Assert.Equal(snapshot["Referrals"], await RowsAsync(service.GetTableClient(inspect + "Referrals")));
            Assert.Equal(snapshot["IdempotencyKeys"], await RowsAsync(service.GetTableClient(inspect + "IdempotencyKeys")));
            Assert.Equal(referralsNow, await RowsAsync(tables.Referrals));
        }
        finally
        {
            await ReferralHostFixture.DeleteStorageAsync(inspect, inspect);
        }
    }

    [Fact]
    public async Task An_altered_or_partial_export_is_refused_and_nothing_is_written()
    {
        await SubmitAsync();
        var manifest = await host.Get<TableExport>().RunAsync(CancellationToken.None);
        var container = host.Get<BlobServiceClient>().GetBlobContainerClient(Container);
        var inspect = "x" + host.TablePrefix;
        Assert.Equal(0, (await RestoreAsync(manifest.ExportId, "--verify-only")).Exit);

        // One byte of the Referrals file changed (Azurite has no immutability policy; Azure would refuse the write).
        var file = container.GetBlobClient($"{manifest.ExportId}/Referrals{TableExport.FileExtension}");
        var original = (await file.DownloadContentAsync()).Value.Content.ToArray();
        var altered = (byte[])original.Clone();
        altered[altered.Length / 2] ^= 0x01;
        await file.UploadAsync(new BinaryData(altered), overwrite: true);

        var (exit, output) = await RestoreAsync(manifest.ExportId, "--into-prefix", inspect);

        Assert.Equal(3, exit);
        Assert.Contains("Referrals.jsonl.gz does not match its manifest", output, StringComparison.Ordinal);
        Assert.Empty(await InspectTablesAsync(inspect));

        // The same file back in place but the manifest gone: a partial export.
        await file.UploadAsync(new BinaryData(original), overwrite: true);
        await container.GetBlobClient($"{manifest.ExportId}/{TableExportManifest.FileName}").DeleteAsync();

        (exit, output) = await RestoreAsync(manifest.ExportId, "--into-prefix", inspect);

        Assert.Equal(3, exit);
        Assert.Contains("no manifest", output, StringComparison.Ordinal);
        Assert.Empty(await InspectTablesAsync(inspect));
        var listed = await host.Get<TableRestore>().ListAsync(CancellationToken.None);
        Assert.Contains(new TableExportListing(manifest.ExportId, Complete: false), listed);
    }

    private async Task<List<string>> InspectTablesAsync(string prefix)
    {
        var found = new List<string>();
        await foreach (var table in host.Get<TableServiceClient>().QueryAsync())
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal)) found.Add(table.Name);
        }

        return found;
    }

    private async Task AssertRestoredAsync(ReferralTables tables, Dictionary<string, List<string>> snapshot, int restores)
    {
        var now = await SnapshotAsync(tables);
        foreach (var (table, rows) in snapshot.Where(s => s.Key != "AuditTrail"))
        {
            Assert.Equal(rows, now[table]);
        }

        // The audit trail: every exported row as it was, plus one entry per restore (the head moves on to name it).
        static bool Head(string row) => row.Contains("\"RowKey\":\"head\"", StringComparison.Ordinal);
        var exported = snapshot["AuditTrail"].Where(r => !Head(r)).ToList();
        var current = now["AuditTrail"].Where(r => !Head(r)).ToList();
        var added = current.Except(exported).ToList();
        Assert.Equal(exported, current.Where(r => !added.Contains(r)));
        Assert.Equal(restores, added.Count);
        Assert.All(added, r => Assert.Contains(AuditActions.TablesRestored, r, StringComparison.Ordinal));
        Assert.Single(now["AuditTrail"], Head);
    }

    /// <summary>Every table's rows in key order, each as its exported line without the service's Timestamp.</summary>
    private async Task<Dictionary<string, List<string>>> SnapshotAsync(ReferralTables tables)
    {
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in tables.All)
        {
            snapshot[table.Name[host.TablePrefix.Length..]] = await RowsAsync(table);
        }

        return snapshot;
    }

    private static async Task<List<string>> RowsAsync(TableClient table)
    {
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            row.Timestamp = null;
            rows.Add(Encoding.UTF8.GetString(EntityLine.ToBytes(row)));
        }

        return rows;
    }

    /// <summary>The carrier's view and the analyst's and supervisor's staff views, bodies as sent.</summary>
    private async Task<string> ViewsAsync(string reference)
    {
        var carrier = await host.Carrier().GetReferralAsync(reference);
        var analyst = await Analyst.GetAsync($"/api/v1/analyst/referrals/{reference}");
        var supervisor = await Supervisor.GetAsync($"/api/v1/supervisor/referrals/{reference}");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { carrier.StatusCode, analyst.StatusCode, supervisor.StatusCode });
        return string.Join("\n---\n", await carrier.Content.ReadAsStringAsync(), await analyst.Content.ReadAsStringAsync(), await supervisor.Content.ReadAsStringAsync());
    }

    private async Task<string> SubmitAsync()
    {
        var response = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("reference").GetString()!;
    }

    private async Task<(int Exit, string Output)> RestoreAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ReferralStorage:TablePrefix"] = host.TablePrefix,
                ["TableExport:Container"] = Container,
            })
            .Build();
        var exit = await AdminTool.RunAsync([RestoreTablesCommand.Name, .. arguments], configuration, output, TextWriter.Null);
        return (exit, output.ToString());
    }

    /// <summary>A host whose exports go to a container of its own (removed with the host's storage).</summary>
    public sealed class Fixture : ReferralHostFixture
    {
        public string Container => TablePrefix + "-exports";

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["TableExport:Container"] = Container;
            return settings;
        }
    }
}
