using ReferralFunctions.Audit;

namespace ReferralFunctions.Admin;

/// <summary>
/// <c>verify-audit</c>: checks the audit trail's keyed hash chain and its anchored heads in the configured storage and
/// prints the result; exit code 0 when intact (the head is then anchored), 3 when broken. The same check as
/// <c>GET /api/v1/supervisor/audit/verification</c>.
/// </summary>
public sealed class VerifyAuditCommand : AdminCommand
{
    public const string Name = "verify-audit";

    public override string Verb => Name;

    public override string Summary => "Check the audit trail's keyed hash chain against its anchored heads.";

    public override string Details =>
        """
        Prints the verification: intact, entries, the anchored head, and where and how a broken chain breaks.
        When intact the head is anchored (appended to the anchor container).
        Exit codes: 0 intact, 3 broken, 1 storage or sign-in failed, 2 usage or configuration error.
        """;

    public override IReadOnlyList<string> AzureSettings => ["Audit:ChainKey"];

    public override async Task<AdminResult> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<AuditVerifier>().VerifyAsync(cancellationToken).ConfigureAwait(false);
        return new(result, result.Intact ? AdminExitCodes.Done : AdminExitCodes.Found);
    }
}
