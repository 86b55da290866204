using ReferralFunctions.Backup;

namespace ReferralFunctions.Admin;

/// <summary>
/// <c>restore-tables --list</c> lists the exports; <c>restore-tables &lt;exportId&gt; [--into-prefix &lt;P&gt;] [--verify-only]</c>
/// checks an export against its manifest and writes it back into the configured storage's tables (or into
/// <c>{P}{Table}</c> to inspect first), printing what it did. Exit code 0 when done, 3 when the export was refused
/// (nothing written), 2 on a usage error. The restore procedure in docs/reliability.md.
/// </summary>
public sealed class RestoreTablesCommand : AdminCommand
{
    public const string Name = "restore-tables";

    private string? exportId;
    private string? intoPrefix;
    private bool list;
    private bool verifyOnly;

    public override string Verb => Name;

    public override string Summary => "List the table exports, or check one and write it back into the tables.";

    public override string Arguments => "--list | <exportId> [--into-prefix <prefix>] [--verify-only]";

    public override string Details =>
        """
        --list                   the exports, newest first
        <exportId>               check the export against its manifest, then write every table back
        --into-prefix <prefix>   write into <prefix><Table> instead, to inspect first
        --verify-only            check the export, write nothing
        A restore is recorded on the audit trail. Procedure: docs/reliability.md.
        Exit codes: 0 done, 3 the export was refused (nothing written), 1 storage or sign-in failed,
        2 usage or configuration error.
        """;

    // A restore is recorded on the audit trail; listing and checking write nothing.
    public override IReadOnlyList<string> AzureSettings => list || verifyOnly ? [] : ["Audit:ChainKey"];

    public override string? Bind(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--list": list = true; break;
                case "--verify-only": verifyOnly = true; break;
                case "--into-prefix" when i + 1 < arguments.Count: intoPrefix = arguments[++i]; break;
                case var id when exportId is null && !id.StartsWith('-'): exportId = id; break;
                default: return $"Unknown argument '{arguments[i]}'.";
            }
        }

        return list == (exportId is not null) ? "Give either --list or an export id." : null;
    }

    public override async Task<AdminResult> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var restore = services.GetRequiredService<TableRestore>();
        try
        {
            return new(list
                ? await restore.ListAsync(cancellationToken).ConfigureAwait(false)
                : verifyOnly
                    ? await restore.VerifyAsync(exportId!, cancellationToken).ConfigureAwait(false)
                    : await restore.RunAsync(exportId!, intoPrefix, cancellationToken).ConfigureAwait(false));
        }
        catch (TableExportRefusedException refused)
        {
            return new(new { refused = refused.ExportId, refused.Problems }, AdminExitCodes.Found);
        }
    }
}
