using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ReferralFunctions.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Reads the storage account the way someone with a copy of it would — every table, queue and blob of the referral
/// tables and the durable task hub — after a whole referral run, and finds no confidential value in clear.
/// </summary>
public sealed class StorageConfidentialityTests(ReferralHostFixture host, ITestOutputHelper output) : IClassFixture<ReferralHostFixture>
{
    private const string Storage = "UseDevelopmentStorage=true";

    [Fact]
    public async Task Raw_tables_and_task_hub_hold_no_confidential_value_in_clear()
    {
        var run = await ConfidentialRun.RunAsync(host);
        var scanned = new List<(string Where, string Text)>();

        var tables = new TableServiceClient(Storage);
        var tableNames = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            if (Ours(table.Name))
            {
                tableNames.Add(table.Name);
                await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
                {
                    foreach (var (name, value) in row)
                    {
                        scanned.Add(($"table {table.Name} {row.PartitionKey}/{row.RowKey} {name}", Text(value)));
                    }
                }
            }
        }

        var queues = new QueueServiceClient(Storage);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            if (Ours(queue.Name))
            {
                foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
                {
                    scanned.Add(($"queue {queue.Name}", message.Body.ToString()));
                }
            }
        }

        var blobs = new BlobServiceClient(Storage);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (Ours(container.Name))
            {
                var client = blobs.GetBlobContainerClient(container.Name);
                await foreach (var blob in client.GetBlobsAsync())
                {
                    var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                    scanned.Add(($"blob {container.Name}/{blob.Name}", Text(content)));
                }
            }
        }

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

    private bool Ours(string name) =>
        name.StartsWith(host.TablePrefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(host.TaskHub, StringComparison.OrdinalIgnoreCase);

    /// <summary>A stored value as text, and also decoded where it is base64 or gzip, so no encoding hides a clear value.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        byte[] bytes => Text(bytes),
        BinaryData data => Text(data.ToArray()),
        string s => s + "\n" + (TryBase64(s) is { } decoded ? Text(decoded) : ""),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static string Text(byte[] bytes)
    {
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static byte[]? TryBase64(string s)
    {
        var buffer = new byte[s.Length];
        return s.Length >= 8 && s.Length % 4 == 0 && Convert.TryFromBase64String(s, buffer, out var written) ? buffer[..written] : null;
    }
}
