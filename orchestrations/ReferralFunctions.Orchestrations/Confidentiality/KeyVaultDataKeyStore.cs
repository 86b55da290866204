using System.Collections.Concurrent;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// Data keys from the Key Vault secret <c>referral-data-key</c> (base64 of 32 random bytes). Each secret version is a key
/// and its version string is the key id. The newest enabled version is current, re-read every
/// <see cref="ConfidentialityOptions.DataKeyRefreshInterval"/>; a version, once read, is cached for good (versions never
/// change). Disabling a version retires its key: ciphertexts under it can no longer be read, so re-encrypt them first.
/// </summary>
public sealed class KeyVaultDataKeyStore(SecretClient client, TimeProvider time, IOptions<ConfidentialityOptions> options) : IDataKeyStore
{
    public const string SecretName = "referral-data-key";

    private readonly ConcurrentDictionary<string, DataKey> byId = new(StringComparer.Ordinal);
    private CurrentKey? current;

    public async ValueTask<DataKey> GetCurrentAsync(CancellationToken cancellationToken)
    {
        if (current is { } cached && time.GetUtcNow() - cached.ReadAt < options.Value.DataKeyRefreshInterval)
        {
            return cached.Key;
        }

        // Two callers may refresh at once; both read the same versions, so the race is harmless.
        SecretProperties? newest = null;
        await foreach (var version in client.GetPropertiesOfSecretVersionsAsync(SecretName, cancellationToken).ConfigureAwait(false))
        {
            if (version.Enabled == true && (version.ExpiresOn is null || version.ExpiresOn > time.GetUtcNow())
                && (newest is null || Nullable.Compare(version.CreatedOn, newest.CreatedOn) > 0))
            {
                newest = version;
            }
        }

        var key = await GetAsync(newest?.Version ?? throw new DataKeyUnavailableException(SecretName), cancellationToken).ConfigureAwait(false);
        current = new CurrentKey(key, time.GetUtcNow());
        return key;
    }

    public async ValueTask<DataKey> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (byId.TryGetValue(keyId, out var known))
        {
            return known;
        }

        try
        {
            var secret = await client.GetSecretAsync(SecretName, keyId, cancellationToken).ConfigureAwait(false);
            return byId.GetOrAdd(keyId, DataKey.FromBase64(keyId, secret.Value.Value));
        }
        catch (RequestFailedException ex) when (ex.Status is 403 or 404)
        {
            throw new DataKeyUnavailableException(keyId, ex);
        }
    }

    // A reference, so readers never see half of an update.
    private sealed record CurrentKey(DataKey Key, DateTimeOffset ReadAt);
}
