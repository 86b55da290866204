using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Audit;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Backup;

/// <summary>
/// Writes a named export back into tables. First it checks the whole export and refuses, writing nothing, when the
/// manifest is missing (a partial export), names a file that is not there, or any file's length or SHA-256 differs
/// from the manifest. Then it streams each file into its table with upsert-replace: every exported entity comes back
/// exactly as exported, rows created after the export stay, and restoring twice writes the same rows twice.
/// <c>intoPrefix</c> restores into other tables (<c>{intoPrefix}{Table}</c>) so an operator can inspect before
/// overwriting. The files are read with the ETag seen when they were checked, so a file replaced in between fails the
/// restore instead of being written unchecked.
/// </summary>
public sealed partial class TableRestore(
    ReferralTables tables,
    TableServiceClient tableService,
    BlobServiceClient blobs,
    AuditTrail audit,
    IOptions<TableExportOptions> options,
    IOptions<ReferralStorageOptions> storage,
    ILogger<TableRestore> logger)
{
    /// <summary>At most this many entities, and about this many bytes, go in one transaction (the service's limits are 100 and 4 MiB).</summary>
    private const int BatchEntities = 100;

    private const int BatchBytes = 2 * 1024 * 1024;

    /// <summary>Azure keeps a deleted table's name for a while; a restore right after a delete waits for it.</summary>
    private static readonly TimeSpan TableRecreateWait = TimeSpan.FromMinutes(3);

    /// <summary>Exports in the container, newest first, each with whether it has its manifest.</summary>
    public async Task<IReadOnlyList<TableExportListing>> ListAsync(CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(options.Value.Container);
        var found = new List<TableExportListing>();
        if (!(await container.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            return found;
        }

        await foreach (var item in container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, delimiter: "/", prefix: null, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (item.IsPrefix)
            {
                var id = item.Prefix.TrimEnd('/');
                var complete = (await container.GetBlobClient($"{id}/{TableExportManifest.FileName}").ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
                found.Add(new TableExportListing(id, complete));
            }
        }

        return found.OrderByDescending(e => e.ExportId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Checks an export and returns its manifest; throws <see cref="TableExportRefusedException"/> saying what is wrong.</summary>
    public async Task<TableExportManifest> VerifyAsync(string exportId, CancellationToken cancellationToken) =>
        (await CheckAsync(exportId, cancellationToken).ConfigureAwait(false)).Manifest;

    /// <param name="exportId">The export to restore, as listed.</param>
    /// <param name="intoPrefix">Restore into <c>{intoPrefix}{Table}</c> instead of the app's own tables.</param>
    public async Task<TableRestoreResult> RunAsync(string exportId, string? intoPrefix, CancellationToken cancellationToken)
    {
        var prefix = intoPrefix ?? storage.Value.TablePrefix;
        var (manifest, etags) = await CheckAsync(exportId, cancellationToken).ConfigureAwait(false);
        var badNames = manifest.Tables.Select(t => prefix + t.Table).Where(n => !TableNamePattern().IsMatch(n)).ToArray();
        if (badNames.Length > 0)
        {
            throw new TableExportRefusedException(exportId, badNames.Select(n => $"{n} is not a valid table name (choose another prefix).").ToArray());
        }

        var container = blobs.GetBlobContainerClient(options.Value.Container);
        var auditTable = tables.Audit.Name[storage.Value.TablePrefix.Length..];
        var restored = new List<RestoredTable>();
        foreach (var table in manifest.Tables)
        {
            var target = tableService.GetTableClient(prefix + table.Table);
            await CreateTableAsync(target, cancellationToken).ConfigureAwait(false);
            var written = await RestoreTableAsync(container.GetBlobClient($"{exportId}/{table.File}"), etags[table.File], target, cancellationToken).ConfigureAwait(false);
            if (written != table.Entities)
            {
                throw new InvalidDataException($"{table.File} held {written} entities; its manifest says {table.Entities}.");
            }

            if (table.Table == auditTable)
            {
                // Entries appended after the export may still be there: the head must name the last one, not go back.
                await AuditTrail.RealignHeadAsync(target, cancellationToken).ConfigureAwait(false);
            }

            restored.Add(new RestoredTable(table.Table, target.Name, written));
        }

        var entities = restored.Sum(t => t.Entities);
        await audit.AppendAsync(
            new AuditEvent(Actor.System, ActorRoles.System, AuditActions.TablesRestored, "", "restore from table export",
                string.Create(CultureInfo.InvariantCulture, $"export={exportId} into-prefix={prefix} tables={restored.Count} entities={entities}")),
            cancellationToken).ConfigureAwait(false);
        Log.Restored(logger, exportId, prefix, restored.Count, entities);
        return new TableRestoreResult(exportId, prefix, restored);
    }

    private async Task<(TableExportManifest Manifest, IReadOnlyDictionary<string, ETag> ETags)> CheckAsync(string exportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exportId);
        if (!ExportIdPattern().IsMatch(exportId))
        {
            throw Refused(exportId, ["the export id must look like 20260131T020000Z."]);
        }

        var container = blobs.GetBlobContainerClient(options.Value.Container);
        var manifestBlob = container.GetBlobClient($"{exportId}/{TableExportManifest.FileName}");
        TableExportManifest? manifest;
        try
        {
            var content = await manifestBlob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            manifest = JsonSerializer.Deserialize<TableExportManifest>(content.Value.Content, TableExport.Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            var anyFile = false;
            await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: exportId + "/", cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                anyFile = true;
                break;
            }

            throw Refused(exportId, [anyFile
                ? "it has no manifest: the export did not finish (a partial export is never restored)."
                : $"there is no such export in container {options.Value.Container}."]);
        }
        catch (JsonException)
        {
            throw Refused(exportId, ["its manifest is not valid JSON."]);
        }

        if (manifest is null || manifest.Format != TableExportManifest.CurrentFormat || manifest.ExportId != exportId || manifest.Tables is null)
        {
            throw Refused(exportId, [$"its manifest is not a {TableExportManifest.CurrentFormat} manifest of this export."]);
        }

        var problems = new List<string>();
        var etags = new Dictionary<string, ETag>(StringComparer.Ordinal);
        foreach (var table in manifest.Tables)
        {
            if (!TableNamePattern().IsMatch(table.Table ?? "") || table.File != table.Table + TableExport.FileExtension)
            {
                problems.Add($"the manifest names a file it may not ({table.File}).");
                continue;
            }

            var blob = container.GetBlobClient($"{exportId}/{table.File}");
            try
            {
                var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag } }, cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                    if (properties.Value.ContentLength != table.Bytes || !string.Equals(sha256, table.Sha256, StringComparison.Ordinal))
                    {
                        problems.Add($"{table.File} does not match its manifest (length or SHA-256 differs).");
                    }
                }

                etags[table.File] = properties.Value.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                problems.Add($"{table.File} is missing.");
            }
        }

        if (problems.Count > 0)
        {
            throw Refused(exportId, problems);
        }

        return (manifest, etags);
    }

    private TableExportRefusedException Refused(string exportId, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            Log.Refused(logger, exportId, problem);
        }

        return new TableExportRefusedException(exportId, problems);
    }

    private static async Task<long> RestoreTableAsync(BlobClient blob, ETag etag, TableClient target, CancellationToken cancellationToken)
    {
        long count = 0;
        var batch = new List<TableTransactionAction>(BatchEntities);
        var batchBytes = 0;
        var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Conditions = new BlobRequestConditions { IfMatch = etag } }, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var gzip = new GZipStream(stream, CompressionMode.Decompress);
            await using (gzip.ConfigureAwait(false))
            {
                using var reader = new StreamReader(gzip, Encoding.UTF8);
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var entity = EntityLine.Read(Encoding.UTF8.GetBytes(line));
                    if (batch.Count > 0 && (batch[0].Entity.PartitionKey != entity.PartitionKey || batch.Count == BatchEntities || batchBytes + line.Length > BatchBytes))
                    {
                        await target.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                        batch.Clear();
                        batchBytes = 0;
                    }

                    batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                    batchBytes += line.Length;
                    count++;
                }
            }
        }

        if (batch.Count > 0)
        {
            await target.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private static async Task CreateTableAsync(TableClient table, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == "TableBeingDeleted" && waited < TableRecreateWait)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                waited += TimeSpan.FromSeconds(5);
            }
        }
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z(-[0-9a-f]{6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ExportIdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();

    private static partial class Log
    {
        [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Tables restored from export {ExportId} into prefix '{TablePrefix}': {Tables} tables, {Entities} entities")]
        public static partial void Restored(ILogger logger, string exportId, string tablePrefix, int tables, long entities);

        [LoggerMessage(EventId = 6204, Level = LogLevel.Error, Message = "Restore of export {ExportId} refused: {Problem}")]
        public static partial void Refused(ILogger logger, string exportId, string problem);
    }
}

/// <summary>An export in the container; <paramref name="Complete"/> when its manifest is there.</summary>
public sealed record TableExportListing(string ExportId, bool Complete);

/// <summary>What a restore wrote: each exported table, the table it went into, and how many entities.</summary>
public sealed record TableRestoreResult(string ExportId, string TablePrefix, IReadOnlyList<RestoredTable> Tables);

/// <summary>One table restored.</summary>
public sealed record RestoredTable(string Table, string Into, long Entities);
