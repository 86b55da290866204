using Azure.Data.Tables;
using ReferralFunctions.Backup;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>
/// The local host's schedule runs the export by itself (here every 2 s instead of daily), and every EDM type survives
/// the whole path through Azurite and the Tables SDK: stored, exported, restored into inspection tables, read back.
/// </summary>
public sealed class ScheduledTableExportTests(ScheduledTableExportTests.Fixture host) : IClassFixture<ScheduledTableExportTests.Fixture>
{
    [Fact]
    public async Task The_host_exports_on_its_schedule_and_the_export_verifies()
    {
        var restore = host.Get<TableRestore>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        TableExportListing? complete;
        while ((complete = (await restore.ListAsync(CancellationToken.None)).FirstOrDefault(e => e.Complete)) is null)
        {
            await Task.Delay(200, timeout.Token);
        }

        var manifest = await restore.VerifyAsync(complete.ExportId, CancellationToken.None);
        Assert.Equal(host.Get<ReferralTables>().All.Count, manifest.Tables.Count);
        Assert.Equal(host.TablePrefix, manifest.SourceTablePrefix);
    }

    [Fact]
    public async Task Every_edm_type_survives_export_and_restore_through_storage()
    {
        var stored = new TableEntity("edm-probe", "all-types")
        {
            ["Text"] = "ciphertext-like v1:AAEC/+==\n\u00e9\u4e2d",
            ["Empty"] = "",
            ["Int"] = int.MinValue,
            ["Long"] = long.MaxValue,
            ["Fraction"] = 0.1,
            ["Whole"] = 2.0,
            ["Flag"] = true,
            ["At"] = new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(1_234_567),
            ["Id"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["Bytes"] = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(),
            ["NoBytes"] = Array.Empty<byte>(),
        };
        var reminders = host.Get<ReferralTables>().Reminders;
        await reminders.UpsertEntityAsync(stored, TableUpdateMode.Replace);
        var asStored = (await reminders.GetEntityAsync<TableEntity>("edm-probe", "all-types")).Value;
        foreach (var name in stored.Keys.Where(k => k is not ("PartitionKey" or "RowKey")))
        {
            // What the export starts from: each value as the SDK reads it back, of the type it was written with.
            Assert.Equal(stored[name].GetType(), asStored[name].GetType());
        }

        var manifest = await host.Get<TableExport>().RunAsync(CancellationToken.None);
        var inspect = "e" + host.TablePrefix;
        try
        {
            await host.Get<TableRestore>().RunAsync(manifest.ExportId, inspect, CancellationToken.None);
            var restored = (await host.Get<TableServiceClient>().GetTableClient(inspect + "Reminders").GetEntityAsync<TableEntity>("edm-probe", "all-types")).Value;

            foreach (var name in stored.Keys.Where(k => k is not ("PartitionKey" or "RowKey")))
            {
                Assert.Equal(asStored[name].GetType(), restored[name].GetType());
                Assert.Equal(asStored[name], restored[name]);
            }

            Assert.Equal(asStored.Keys.Order(StringComparer.Ordinal), restored.Keys.Order(StringComparer.Ordinal));
            asStored.Timestamp = restored.Timestamp = null;
            Assert.Equal(EntityLine.ToBytes(asStored), EntityLine.ToBytes(restored));
        }
        finally
        {
            await ReferralHostFixture.DeleteStorageAsync(inspect, inspect);
        }
    }

    /// <summary>A host that exports every 2 s into a container of its own.</summary>
    public sealed class Fixture : ReferralHostFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["TableExport:Container"] = TablePrefix + "-exports";
            settings["TableExport:Interval"] = "00:00:02";
            return settings;
        }
    }
}
