using Microsoft.Extensions.Options;
using ReferralFunctions.Backup;

namespace ReferralFunctions.LocalHost;

/// <summary>The local host's schedule for the shared table export: every <see cref="TableExportOptions.Interval"/>.</summary>
public sealed class TableExportService(
    TableExport export,
    TimeProvider time,
    IOptions<TableExportOptions> options,
    ILogger<TableExportService> logger) : PeriodicSweepService(options.Value.Interval, time, logger)
{
    protected override string Name => "Table export";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => export.RunAsync(cancellationToken);
}
