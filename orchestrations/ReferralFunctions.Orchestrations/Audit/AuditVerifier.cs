using Microsoft.Extensions.Logging;

namespace ReferralFunctions.Audit;

/// <summary>
/// The one verification both the supervisor endpoint and the <c>verify-audit</c> command run: the chain against its
/// seals, its head and every anchored head; then, when intact, the verified head is anchored too.
/// </summary>
public sealed partial class AuditVerifier(AuditTrail trail, AuditAnchor anchor, ILogger<AuditVerifier> logger)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        // Anchors before the chain: an anchor written meanwhile then names an entry the walk will find.
        var anchors = await anchor.ReadAsync(cancellationToken).ConfigureAwait(false);
        var result = await trail.VerifyAsync(anchors, cancellationToken).ConfigureAwait(false);
        if (!result.Intact)
        {
            Log.Broken(logger, result.Break ?? "", result.BrokenAt, result.Problem ?? "");
            return result;
        }

        return result.Entries == 0
            ? result
            : result with { Anchored = await anchor.AnchorAsync(result.Entries, result.HeadHash, cancellationToken).ConfigureAwait(false) };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2102, Level = LogLevel.Critical, Message = "Audit trail verification failed: {Break} at entry {Sequence}: {Problem}")]
        public static partial void Broken(ILogger logger, string @break, long? sequence, string problem);
    }
}
