using Microsoft.Azure.Functions.Worker;
using ReferralFunctions.Audit;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// Anchors the audit chain's head every 30 minutes (so at least hourly even when one run fails); the local host runs the
/// same anchoring on an interval.
/// </summary>
public sealed class AuditAnchorFunctions(AuditAnchor anchor)
{
    [Function(nameof(AuditAnchor))]
    public Task Run([TimerTrigger("0 */30 * * * *")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return anchor.AnchorHeadAsync(context.CancellationToken);
    }
}
