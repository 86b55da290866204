using Microsoft.Extensions.Options;
using ReferralFunctions.Audit;

namespace ReferralFunctions.LocalHost;

/// <summary>The local host's schedule for anchoring the audit chain's head: every <see cref="AuditOptions.AnchorInterval"/>.</summary>
public sealed class AuditAnchorService(
    AuditAnchor anchor,
    TimeProvider time,
    IOptions<AuditOptions> options,
    ILogger<AuditAnchorService> logger) : PeriodicSweepService(options.Value.AnchorInterval, time, logger)
{
    protected override string Name => "Audit anchor";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => anchor.AnchorHeadAsync(cancellationToken);
}
