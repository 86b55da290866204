namespace ReferralFunctions.Backup;

/// <summary>A restore refused before writing anything: the export is partial, altered or not there. Names files, never content.</summary>
public sealed class TableExportRefusedException : Exception
{
    public TableExportRefusedException()
    {
    }

    public TableExportRefusedException(string message)
        : base(message)
    {
    }

    public TableExportRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TableExportRefusedException(string exportId, IReadOnlyList<string> problems)
        : base($"Export {exportId} cannot be restored: " + string.Join(" ", problems ?? throw new ArgumentNullException(nameof(problems))))
    {
        ExportId = exportId;
        Problems = problems;
    }

    public string ExportId { get; } = "";

    public IReadOnlyList<string> Problems { get; } = [];
}
