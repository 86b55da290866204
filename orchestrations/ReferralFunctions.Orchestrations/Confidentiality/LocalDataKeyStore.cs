using Microsoft.Extensions.Options;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// Data keys from configuration (<c>Confidentiality:DataKeys:{id}</c> = base64, <c>Confidentiality:CurrentDataKeyId</c>),
/// for local runs and tests. With none configured it uses a fixed development key, except in Azure, where it refuses.
/// </summary>
public sealed class LocalDataKeyStore(IOptions<ConfidentialityOptions> options) : IDataKeyStore
{
    /// <summary>The development key's id; a ciphertext carrying it was never protected by a real secret.</summary>
    public const string DevelopmentKeyId = "local-development";

    private const string DevelopmentKey = "bG9jYWwtZGV2ZWxvcG1lbnQtZGF0YS1rZXktMzJieXQ=";

    private readonly Lazy<IReadOnlyDictionary<string, DataKey>> keys = new(() => Load(options.Value));

    public ValueTask<DataKey> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var current = options.Value.CurrentDataKeyId ?? (options.Value.DataKeys.Count == 0 ? DevelopmentKeyId : null)
            ?? throw new InvalidOperationException("Confidentiality:CurrentDataKeyId must name one of Confidentiality:DataKeys.");
        return GetAsync(current, cancellationToken);
    }

    public ValueTask<DataKey> GetAsync(string keyId, CancellationToken cancellationToken) =>
        keys.Value.TryGetValue(keyId, out var key)
            ? ValueTask.FromResult(key)
            : throw new DataKeyUnavailableException(keyId);

    private static Dictionary<string, DataKey> Load(ConfidentialityOptions options)
    {
        if (options.DataKeys.Count == 0)
        {
            if (RunsInAzure())
            {
                throw new InvalidOperationException("No data key: in Azure the data key comes from Key Vault (KeyVault:vaultUri, secret referral-data-key).");
            }

            return new() { [DevelopmentKeyId] = DataKey.FromBase64(DevelopmentKeyId, DevelopmentKey) };
        }

        return options.DataKeys.ToDictionary(k => k.Key, k => DataKey.FromBase64(k.Key, k.Value), StringComparer.Ordinal);
    }

    /// <summary>App Service and Functions set WEBSITE_INSTANCE_ID on every instance.</summary>
    private static bool RunsInAzure() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"));
}
