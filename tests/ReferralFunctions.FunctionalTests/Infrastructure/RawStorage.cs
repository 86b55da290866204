using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// A host's storage read the way someone with a copy of the account would: every table row's every property, every
/// queue message and every blob of its referral tables and durable task hub (history included), as text, also decoded
/// where a value is base64 or gzip so no encoding hides a clear value.
/// </summary>
public sealed record RawStorage(IReadOnlyList<string> TableNames, IReadOnlyList<(string Where, string Text)> Values)
{
    private const string Storage = "UseDevelopmentStorage=true";

    public static async Task<RawStorage> ReadAsync(ReferralHostFixture host)
    {
        ArgumentNullException.ThrowIfNull(host);
        bool Ours(string name) =>
            name.StartsWith(host.TablePrefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(host.TaskHub, StringComparison.OrdinalIgnoreCase);
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
                    scanned.Add(($"queue {queue.Name}", Text(message.Body.ToString())));
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

        return new RawStorage(tableNames, scanned);
    }

    /// <summary>A stored value as text, and also decoded where it is base64 or gzip.</summary>
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
