namespace ReferralFunctions.Backup;

/// <summary>
/// What one export holds, written last (<c>{exportId}/manifest.json</c>): an export without it is partial and is never
/// restored. Each file's SHA-256 is over its bytes as stored (gzip), so a restore can check them before writing anything.
/// </summary>
/// <param name="Format">The file format, <see cref="CurrentFormat"/>.</param>
/// <param name="ExportId">The run's id and blob prefix: its start time, <c>yyyyMMddTHHmmssZ</c>, and a random suffix (<c>-3f9a0c</c>).</param>
/// <param name="SourceTablePrefix">The <c>ReferralStorage:TablePrefix</c> the tables were read with.</param>
/// <param name="Tables">Every table exported, by its name without the prefix.</param>
public sealed record TableExportManifest(
    string Format,
    string ExportId,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    string SourceTablePrefix,
    IReadOnlyList<ExportedTable> Tables)
{
    public const string CurrentFormat = "referral-table-export/1";

    public const string FileName = "manifest.json";
}

/// <summary>One table's file in an export.</summary>
/// <param name="Table">The table's name without the environment's prefix (e.g. <c>Referrals</c>).</param>
/// <param name="File">The blob name within the export, e.g. <c>Referrals.jsonl.gz</c>.</param>
/// <param name="Entities">How many entities (lines) the file holds.</param>
/// <param name="Bytes">The file's length as stored.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file as stored.</param>
public sealed record ExportedTable(string Table, string File, long Entities, long Bytes, string Sha256);
