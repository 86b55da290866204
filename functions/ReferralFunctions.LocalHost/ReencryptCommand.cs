using System.Text.Json;
using ReferralFunctions.Confidentiality;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// <c>reencrypt</c>: re-encrypts every confidential value that is not under the current data key, in the configured
/// storage and with the configured keys (Key Vault when <c>KeyVault:vaultUri</c> is set), and prints what it found
/// and did. Step 3 of the data key rotation in docs/security.md; safe to repeat and to run alongside live traffic.
/// </summary>
public static class ReencryptCommand
{
    public const string Verb = "reencrypt";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var services = CommandServices.Build(configuration);
        await using (services.ConfigureAwait(false))
        {
            var result = await services.GetRequiredService<Reencryption>().RewrapAsync(CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, Json)).ConfigureAwait(false);
            return 0;
        }
    }
}
