using ReferralFunctions.Backup;

namespace ReferralFunctions.Admin;

/// <summary>
/// <c>export-tables</c>: runs the daily table export now against the configured storage (e.g. before a risky
/// operation) and prints its manifest.
/// </summary>
public sealed class ExportTablesCommand : AdminCommand
{
    public const string Name = "export-tables";

    public override string Verb => Name;

    public override string Summary => "Export the data tables now to the exports container (as the daily export does).";

    public override string Details =>
        """
        Prints the export's manifest: its id, each table, its entity count and the SHA-256 of its blob.
        The export is recorded on the audit trail.
        Exit codes: 0 done, 1 storage or sign-in failed, 2 usage or configuration error.
        """;

    // The export is recorded on the audit trail: sealed with the app's chain key.
    public override IReadOnlyList<string> AzureSettings => ["Audit:ChainKey"];

    public override async Task<AdminResult> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        new(await services.GetRequiredService<TableExport>().RunAsync(cancellationToken).ConfigureAwait(false));
}
