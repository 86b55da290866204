using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Audit;

/// <summary>Every anchored head, and where anchor lines could not be read.</summary>
public sealed record AuditAnchorSet(IReadOnlyList<AuditAnchorRecord> Records, IReadOnlyList<string> Unreadable)
{
    public static readonly AuditAnchorSet None = new([], []);
}

/// <summary>
/// Writes the chain's head (sequence, hash, time) as one JSON line to an append blob, one blob a UTC day, in the anchor
/// container, and reads them back for verification. In Azure the container has a time-based immutability policy with
/// protected append writes: a line once written can be neither changed nor removed, by the app or anyone else, so a
/// chain rewritten later (even with the key) or cut short no longer matches what was anchored.
/// </summary>
public sealed partial class AuditAnchor(
    BlobServiceClient blobs,
    AuditTrail trail,
    TimeProvider time,
    IOptions<AuditOptions> options,
    IOptions<ReferralStorageOptions> storage,
    ILogger<AuditAnchor> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private BlobContainerClient Container =>
        blobs.GetBlobContainerClient(storage.Value.TablePrefix.ToLowerInvariant() + options.Value.AnchorContainer);

    /// <summary>Anchors the head the head row names now; nothing while the chain is empty. The schedule calls this.</summary>
    public async Task<AuditAnchorRecord?> AnchorHeadAsync(CancellationToken cancellationToken)
    {
        var (sequence, hash) = await trail.HeadAsync(cancellationToken).ConfigureAwait(false);
        return sequence == 0 ? null : await AnchorAsync(sequence, hash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends one anchor line for entry <paramref name="sequence"/> with <paramref name="hash"/>.</summary>
    public async Task<AuditAnchorRecord> AnchorAsync(long sequence, string hash, CancellationToken cancellationToken)
    {
        var anchor = new AuditAnchorRecord(sequence, hash, time.GetUtcNow());
        var blob = Container.GetAppendBlobClient(BlobName(anchor.At));
        var line = JsonSerializer.SerializeToUtf8Bytes(anchor, Json).Append((byte)'\n').ToArray();
        try
        {
            await AppendAsync(blob, line, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // First anchor of the day (or ever). In Azure the container comes from the Bicep, so only the blob is created.
            if (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await AppendAsync(blob, line, cancellationToken).ConfigureAwait(false);
        }

        Log.Anchored(logger, sequence, blob.Name);
        return anchor;
    }

    /// <summary>Every anchor line in the container, oldest blob first; none when the container does not exist yet.</summary>
    public async Task<AuditAnchorSet> ReadAsync(CancellationToken cancellationToken)
    {
        var records = new List<AuditAnchorRecord>();
        var unreadable = new List<string>();
        try
        {
            await foreach (var item in Container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var content = await Container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
                var lines = content.Value.Content.ToString().Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Length == 0)
                    {
                        continue;
                    }

                    if (Parse(lines[i]) is { } record)
                    {
                        records.Add(record);
                    }
                    else
                    {
                        unreadable.Add(string.Create(CultureInfo.InvariantCulture, $"{item.Name} line {i + 1}"));
                    }
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return AuditAnchorSet.None;
        }

        return new AuditAnchorSet(records, unreadable);
    }

    private static async Task AppendAsync(AppendBlobClient blob, byte[] line, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(line, writable: false);
        await blob.AppendBlockAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static AuditAnchorRecord? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditAnchorRecord>(line, Json) is { Sequence: > 0, Hash.Length: 64 } record ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string BlobName(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl";

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Audit chain head {Sequence} anchored in {Blob}")]
        public static partial void Anchored(ILogger logger, long sequence, string blob);
    }
}
