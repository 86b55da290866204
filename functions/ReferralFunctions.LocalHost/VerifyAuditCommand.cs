using System.Text.Json;
using ReferralFunctions.Audit;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// <c>verify-audit</c>: checks the audit trail's keyed hash chain and its anchored heads in the configured storage (Azurite
/// by default) and prints the result as JSON; exit code 0 when intact (the head is then anchored), 3 when broken. The same
/// check as <c>GET /api/v1/supervisor/audit/verification</c>.
/// </summary>
public static class VerifyAuditCommand
{
    public const string Verb = "verify-audit";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var services = CommandServices.Build(configuration);
        await using (services.ConfigureAwait(false))
        {
            var result = await services.GetRequiredService<AuditVerifier>().VerifyAsync(CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, Json)).ConfigureAwait(false);
            return result.Intact ? 0 : 3;
        }
    }
}
