using ReferralFunctions.Confidentiality;

namespace ReferralFunctions.Admin;

/// <summary>
/// <c>reencrypt</c>: re-encrypts every confidential value that is not under the current data key, in the configured
/// storage and with the configured keys (Key Vault when <c>KeyVault:vaultUri</c> is set), and prints what it found
/// and did. Step 3 of the data key rotation in docs/security.md; safe to repeat and to run alongside live traffic.
/// </summary>
public sealed class ReencryptCommand : AdminCommand
{
    public const string Name = "reencrypt";

    public override string Verb => Name;

    public override string Summary => "Re-encrypt every confidential value not under the current data key (key rotation, step 3).";

    public override string Details =>
        """
        Prints the values found under each key before the pass, how many were rewritten and the current key id.
        Safe to repeat and to run alongside live traffic; a second run rewrites nothing.
        Exit codes: 0 done, 1 storage, Key Vault or sign-in failed, 2 usage or configuration error.
        """;

    // Data keys come from Key Vault in Azure; rows from before carriers were sealed get look-up values under the app's key.
    public override IReadOnlyList<string> AzureSettings => ["KeyVault:vaultUri", "Confidentiality:CarrierLookupKey"];

    public override async Task<AdminResult> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        new(await services.GetRequiredService<Reencryption>().RewrapAsync(cancellationToken).ConfigureAwait(false));
}
