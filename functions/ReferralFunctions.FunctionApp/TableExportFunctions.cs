using Microsoft.Azure.Functions.Worker;
using ReferralFunctions.Backup;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// Runs the shared table export daily at 02:00 UTC, before the retention sweep (02:30), so whatever the sweep deletes
/// is in the export before it; the local host runs the same export on an interval.
/// </summary>
public sealed class TableExportFunctions(TableExport export)
{
    [Function(nameof(TableExport))]
    public async Task Run([TimerTrigger("0 0 2 * * *")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await export.RunAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
