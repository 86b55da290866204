using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Audit;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Backup;

/// <summary>
/// Exports every data table the app owns (<see cref="ReferralTables.All"/>) to the export container, under one prefix
/// per run (<c>{exportId}/</c>): one gzipped JSON-lines file per table (<see cref="EntityLine"/>), then the manifest
/// with each file's entity count and SHA-256, written last. Entities stream from the table query through gzip to the
/// blob; no table is held in memory. Values are copied as stored, so confidential fields stay ciphertext. Each table is
/// read in one pass, not at one instant: an entity changed during the run appears as it was when its page was read.
/// The export is recorded on the audit trail with the manifest's SHA-256.
/// </summary>
public sealed partial class TableExport(
    ReferralTables tables,
    BlobServiceClient blobs,
    AuditTrail audit,
    TimeProvider time,
    IOptions<TableExportOptions> options,
    IOptions<ReferralStorageOptions> storage,
    ILogger<TableExport> logger)
{
    public const string FileExtension = ".jsonl.gz";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly byte[] Newline = "\n"u8.ToArray();

    /// <summary>
    /// The id (and blob prefix) of an export started at <paramref name="at"/>: the time, so ids sort by it, and a random
    /// suffix, so two exports started in the same second (the schedule and an operator's <c>export-tables</c>, or two
    /// instances) never write into each other's files.
    /// </summary>
    public static string ExportIdFor(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public async Task<TableExportManifest> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var exportId = ExportIdFor(started);
        var container = blobs.GetBlobContainerClient(options.Value.Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

        var exported = new List<ExportedTable>();
        foreach (var table in tables.All)
        {
            exported.Add(await ExportTableAsync(container, exportId, table, cancellationToken).ConfigureAwait(false));
        }

        var manifest = new TableExportManifest(TableExportManifest.CurrentFormat, exportId, started, time.GetUtcNow(), storage.Value.TablePrefix, exported);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        await container.GetBlobClient($"{exportId}/{TableExportManifest.FileName}").UploadAsync(
            new BinaryData(bytes),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                // Never replace a manifest: an export, once complete, is what it says.
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            },
            cancellationToken).ConfigureAwait(false);

        var entities = exported.Sum(t => t.Entities);
        await audit.AppendAsync(
            new AuditEvent(Actor.System, ActorRoles.System, AuditActions.TablesExported, "", "daily table export",
                string.Create(CultureInfo.InvariantCulture, $"export={exportId} tables={exported.Count} entities={entities} manifest-sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}"),
                "tables-exported|" + exportId),
            cancellationToken).ConfigureAwait(false);
        Log.Exported(logger, exportId, exported.Count, entities, (long)(manifest.CompletedAt - started).TotalMilliseconds);
        return manifest;
    }

    private async Task<ExportedTable> ExportTableAsync(BlobContainerClient container, string exportId, TableClient table, CancellationToken cancellationToken)
    {
        var name = table.Name[storage.Value.TablePrefix.Length..];
        var file = name + FileExtension;
        var blob = container.GetBlockBlobClient($"{exportId}/{file}");
        long count = 0;
        string sha256;
        long length;
        var target = await blob.OpenWriteAsync(
            overwrite: true,
            new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" } },
            cancellationToken).ConfigureAwait(false);
        await using (target.ConfigureAwait(false))
        {
            using var hashing = new HashingStream(target);
            var gzip = new GZipStream(hashing, CompressionLevel.Optimal, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                var writer = new Utf8JsonWriter(gzip);
                await using (writer.ConfigureAwait(false))
                {
                    try
                    {
                        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
                        {
                            EntityLine.Write(writer, entity);
                            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                            writer.Reset();
                            await gzip.WriteAsync(Newline, cancellationToken).ConfigureAwait(false);
                            count++;
                        }
                    }
                    catch (RequestFailedException ex) when (ex.Status == 404 && count == 0)
                    {
                        // A table that is gone exports as empty; earlier exports still hold what it had.
                        Log.TableMissing(logger, exportId, name);
                    }
                }
            }

            sha256 = hashing.Sha256();
            length = hashing.Written;
        }

        return new ExportedTable(name, file, count, length, sha256);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Table export {ExportId}: {Tables} tables, {Entities} entities in {ElapsedMs} ms")]
        public static partial void Exported(ILogger logger, string exportId, int tables, long entities, long elapsedMs);

        [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "Table export {ExportId}: table {Table} does not exist; exported as empty")]
        public static partial void TableMissing(ILogger logger, string exportId, string table);
    }
}
