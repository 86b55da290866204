using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReferralFunctions.Admin;
using ReferralFunctions.Audit;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// The keyed audit chain and its anchors, through the real host, Azurite and the supervisor endpoint: an edit without
/// the key, a resealed rewrite by someone who holds the key, and a cut-off end with the head rewound are each found and
/// named; an untouched chain with anchors verifies. Each test puts the chain back as it found it.
/// </summary>
public sealed class AuditAnchorTests(ReferralHostFixture host, ITestOutputHelper output) : IClassFixture<ReferralHostFixture>
{
    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    private AuditTrail Trail => host.Get<AuditTrail>();

    private TableClient Table => host.Get<ReferralTables>().Audit;

    private byte[] Key => Encoding.UTF8.GetBytes(host.Get<IOptions<AuditOptions>>().Value.ChainKey);

    [Fact]
    public async Task An_untouched_chain_verifies_against_its_anchors_and_each_verification_anchors_its_head()
    {
        await AppendAsync(3, "untouched");
        var first = await VerifyAsync();
        await AppendAsync(2, "untouched");
        var second = await VerifyAsync();

        Assert.True(second.GetProperty("intact").GetBoolean(), second.GetRawText());
        Assert.True(second.GetProperty("anchors").GetInt32() > first.GetProperty("anchors").GetInt32());
        Assert.Equal(first.GetProperty("entries").GetInt64(), second.GetProperty("anchoredThrough").GetInt64());
        Assert.Equal(second.GetProperty("entries").GetInt64(), second.GetProperty("anchored").GetProperty("sequence").GetInt64());

        // The anchor is a line in today's append blob: the verified head's sequence and hash.
        var lines = await AnchorLinesAsync(host.TablePrefix);
        Assert.Contains(lines, l => l.Sequence == second.GetProperty("entries").GetInt64() && l.Hash == second.GetProperty("headHash").GetString());
        Assert.All((await Trail.ReadAsync(null, 5000, CancellationToken.None)).Where(e => e.Purpose == "untouched"), e => Assert.Equal(AuditAlgorithms.HmacSha256, e.Algorithm));
    }

    [Fact]
    public async Task An_entry_altered_in_storage_without_the_key_is_found_even_when_the_rest_is_resealed_unkeyed()
    {
        await AppendAsync(4, "edit without key");
        await VerifyAsync();
        var snapshot = await SnapshotAsync();
        var entries = await Trail.ReadAsync(null, 5000, CancellationToken.None);
        var target = entries[^2];
        try
        {
            // A plain edit: the seal no longer matches.
            await Table.UpdateEntityAsync(new TableEntity("chain", RowKey(target.Sequence)) { ["Actor"] = "staff:someone-else" }, Azure.ETag.All, TableUpdateMode.Merge);
            await AssertBrokenAsync(target.Sequence, AuditBreaks.Altered);

            // Without the key the best an editor can do is reseal with plain SHA-256 from there on, head included.
            await ResealFromAsync(target.Sequence, e => e with { Actor = "staff:someone-else" }, AuditAlgorithms.Sha256);
            await AssertBrokenAsync(target.Sequence, AuditBreaks.Unkeyed);
        }
        finally
        {
            await RestoreAsync(snapshot);
        }

        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_rewrite_resealed_with_the_key_after_anchoring_is_found_by_the_anchor()
    {
        await AppendAsync(3, "insider");
        var anchored = (await VerifyAsync()).GetProperty("anchored").GetProperty("sequence").GetInt64();
        await AppendAsync(3, "insider");
        var snapshot = await SnapshotAsync();
        try
        {
            // An insider with the key changes who did an anchored entry and reseals every entry after it and the head:
            // every seal and link is right again.
            await ResealFromAsync(anchored - 1, e => e with { Actor = "staff:someone-else" }, AuditAlgorithms.HmacSha256);
            var (sequence, _) = await Trail.HeadAsync(CancellationToken.None);
            Assert.True((await Trail.VerifyAsync(AuditAnchorSet.None, CancellationToken.None)).Intact, "without anchors the rewrite would pass");
            Assert.Equal(anchored + 3, sequence);

            var verification = await AssertBrokenAsync(anchored, AuditBreaks.AnchorMismatch);
            Assert.Null(verification.GetProperty("anchored").GetString());

            // The command line reports the same and exits 3.
            var printed = new StringWriter();
            Assert.Equal(3, await AdminTool.RunAsync([VerifyAuditCommand.Name], CommandConfiguration(host.TablePrefix), printed, TextWriter.Null));
            Assert.Equal(AuditBreaks.AnchorMismatch, JsonDocument.Parse(printed.ToString()).RootElement.GetProperty("break").GetString());
        }
        finally
        {
            await RestoreAsync(snapshot);
        }

        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Cutting_off_the_last_entries_and_rewinding_the_head_after_anchoring_is_found()
    {
        await AppendAsync(4, "truncate");
        var verified = await VerifyAsync();
        var last = verified.GetProperty("entries").GetInt64();
        var snapshot = await SnapshotAsync();
        try
        {
            var keep = (await Trail.ReadAsync(null, 5000, CancellationToken.None)).Single(e => e.Sequence == last - 2);
            await Table.DeleteEntityAsync("chain", RowKey(last));
            await Table.DeleteEntityAsync("chain", RowKey(last - 1));
            await Table.UpsertEntityAsync(new TableEntity("chain", "head") { ["Sequence"] = keep.Sequence, ["Hash"] = keep.Hash }, TableUpdateMode.Replace);
            Assert.True((await Trail.VerifyAsync(AuditAnchorSet.None, CancellationToken.None)).Intact, "without anchors the cut would pass");

            var verification = await AssertBrokenAsync(last - 1, AuditBreaks.Truncated);
            Assert.Equal(last, verification.GetProperty("anchoredThrough").GetInt64());
        }
        finally
        {
            await RestoreAsync(snapshot);
        }

        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_chain_begun_unkeyed_before_the_change_goes_on_keyed_and_verifies_from_the_command_line()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var configuration = CommandConfiguration(prefix);
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration).AddReferralServices(configuration).BuildServiceProvider();
        await using (services)
        {
            try
            {
                var tables = services.GetRequiredService<ReferralTables>();
                await tables.CreateIfNotExistsAsync(CancellationToken.None);

                // Three entries exactly as the unkeyed chain wrote them: SHA-256, no Algorithm column.
                var previous = AuditTrail.Genesis;
                for (var sequence = 1L; sequence <= 3; sequence++)
                {
                    var legacy = AuditSeal.Seal(
                        new AuditEntry(sequence, DateTimeOffset.UtcNow, "system", "system", AuditActions.ReferralRead, "", "legacy", null, previous, "", AuditAlgorithms.Sha256),
                        []);
                    await tables.Audit.AddEntityAsync(new TableEntity("chain", RowKey(sequence))
                    {
                        ["Sequence"] = legacy.Sequence,
                        ["At"] = legacy.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                        ["Actor"] = legacy.Actor,
                        ["Role"] = legacy.Role,
                        ["Action"] = legacy.Action,
                        ["ReferralId"] = legacy.ReferralId,
                        ["Purpose"] = legacy.Purpose,
                        ["Detail"] = legacy.Detail,
                        ["PreviousHash"] = legacy.PreviousHash,
                        ["Hash"] = legacy.Hash,
                    });
                    await tables.Audit.UpsertEntityAsync(new TableEntity("chain", "head") { ["Sequence"] = sequence, ["Hash"] = legacy.Hash }, TableUpdateMode.Replace);
                    previous = legacy.Hash;
                }

                var trail = services.GetRequiredService<AuditTrail>();
                await trail.AppendAsync(new AuditEvent("system", "system", AuditActions.ReferralRead, "", "keyed"), CancellationToken.None);
                await trail.AppendAsync(new AuditEvent("system", "system", AuditActions.ReferralRead, "", "keyed"), CancellationToken.None);

                var printed = new StringWriter();
                Assert.Equal(0, await AdminTool.RunAsync([VerifyAuditCommand.Name], configuration, printed, TextWriter.Null));
                var result = JsonDocument.Parse(printed.ToString()).RootElement;
                Assert.Equal(5, result.GetProperty("entries").GetInt64());
                Assert.Equal(5, result.GetProperty("anchored").GetProperty("sequence").GetInt64());
                Assert.Equal(
                    [AuditAlgorithms.Sha256, AuditAlgorithms.Sha256, AuditAlgorithms.Sha256, AuditAlgorithms.HmacSha256, AuditAlgorithms.HmacSha256],
                    (await trail.ReadAsync(null, 10, CancellationToken.None)).Select(e => e.Algorithm));
            }
            finally
            {
                await ReferralHostFixture.DeleteStorageAsync(prefix, prefix);
            }
        }
    }

    private async Task AppendAsync(int count, string purpose)
    {
        for (var i = 0; i < count; i++)
        {
            await Trail.AppendAsync(new AuditEvent("system", "system", AuditActions.ReferralRead, "", purpose, "n=" + i), CancellationToken.None);
        }
    }

    private async Task<JsonElement> VerifyAsync()
    {
        var response = await Supervisor.GetAsync("/api/v1/supervisor/audit/verification");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<JsonElement> AssertBrokenAsync(long sequence, string kind)
    {
        var verification = await VerifyAsync();
        output.WriteLine(verification.GetRawText());
        Assert.False(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
        Assert.Equal(kind, verification.GetProperty("break").GetString());
        Assert.Equal(sequence, verification.GetProperty("brokenAt").GetInt64());
        Assert.False(string.IsNullOrEmpty(verification.GetProperty("problem").GetString()));
        return verification;
    }

    /// <summary>Changes entry <paramref name="from"/> and reseals it and every later entry and the head, as a writer would.</summary>
    private async Task ResealFromAsync(long from, Func<AuditEntry, AuditEntry> change, string algorithm)
    {
        var entries = await Trail.ReadAsync(null, 5000, CancellationToken.None);
        var previous = entries.Single(e => e.Sequence == from - 1).Hash;
        foreach (var entry in entries.Where(e => e.Sequence >= from))
        {
            var changed = (entry.Sequence == from ? change(entry) : entry) with { PreviousHash = previous, Algorithm = algorithm };
            var sealedEntry = AuditSeal.Seal(changed, Key);
            await Table.UpdateEntityAsync(
                new TableEntity("chain", RowKey(entry.Sequence))
                {
                    ["Actor"] = sealedEntry.Actor,
                    ["PreviousHash"] = sealedEntry.PreviousHash,
                    ["Hash"] = sealedEntry.Hash,
                    ["Algorithm"] = sealedEntry.Algorithm,
                },
                Azure.ETag.All,
                TableUpdateMode.Merge);
            previous = sealedEntry.Hash;
        }

        await Table.UpsertEntityAsync(new TableEntity("chain", "head") { ["Sequence"] = entries[^1].Sequence, ["Hash"] = previous }, TableUpdateMode.Replace);
    }

    private async Task<List<TableEntity>> SnapshotAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter: "PartitionKey eq 'chain'"))
        {
            var copy = new TableEntity(row.PartitionKey, row.RowKey);
            foreach (var (name, value) in row.Where(p => p.Key is not ("odata.etag" or "Timestamp")))
            {
                copy[name] = value;
            }

            rows.Add(copy);
        }

        return rows;
    }

    private async Task RestoreAsync(List<TableEntity> snapshot)
    {
        foreach (var row in snapshot)
        {
            await Table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        }
    }

    private static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    private static IConfiguration CommandConfiguration(string tablePrefix) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ReferralStorage:TablePrefix"] = tablePrefix })
        .Build();

    /// <summary>Every anchor line in the host's anchor container, read straight from Azurite.</summary>
    internal static async Task<List<AuditAnchorRecord>> AnchorLinesAsync(string tablePrefix)
    {
        var container = new BlobServiceClient("UseDevelopmentStorage=true").GetBlobContainerClient(tablePrefix.ToLowerInvariant() + "audit-anchors");
        var lines = new List<AuditAnchorRecord>();
        if (!await container.ExistsAsync())
        {
            return lines;
        }

        await foreach (var blob in container.GetBlobsAsync())
        {
            Assert.Equal(Azure.Storage.Blobs.Models.BlobType.Append, blob.Properties.BlobType);
            var text = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<AuditAnchorRecord>(l, JsonSerializerOptions.Web)!));
        }

        return lines;
    }
}

/// <summary>A host that anchors the audit head every second.</summary>
public sealed class FastAnchorHostFixture : ReferralHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Audit:AnchorInterval"] = "00:00:01";
        return settings;
    }
}

/// <summary>The local host's schedule anchors the head by itself, without any verification asked for.</summary>
public sealed class AuditAnchorScheduleTests(FastAnchorHostFixture host, ITestOutputHelper output) : IClassFixture<FastAnchorHostFixture>
{
    [Fact]
    public async Task The_periodic_service_writes_the_current_head_to_the_anchor_blob()
    {
        var appended = await host.Get<AuditTrail>().AppendAsync(new AuditEvent("system", "system", AuditActions.ReferralRead, "", "schedule test"), CancellationToken.None);
        var started = DateTimeOffset.UtcNow;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        List<AuditAnchorRecord> lines;
        while (!(lines = await AuditAnchorTests.AnchorLinesAsync(host.TablePrefix)).Any(l => l.Sequence == appended!.Sequence && l.Hash == appended.Hash))
        {
            await Task.Delay(200, timeout.Token);
        }

        output.WriteLine($"head {appended!.Sequence} anchored {(DateTimeOffset.UtcNow - started).TotalMilliseconds:0} ms after it was written; {lines.Count} lines");
        Assert.Contains(lines, l => l.Sequence == appended.Sequence && l.Hash == appended.Hash && l.At >= appended.At);
    }
}
