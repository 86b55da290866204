using System.Collections.Concurrent;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Confidentiality;

/// <summary>A 256-bit AES key and the id written beside every ciphertext made with it.</summary>
public sealed record DataKey(string Id, byte[] Material)
{
    public const int Size = 32;

    public static DataKey FromBase64(string id, string base64)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var material = Convert.FromBase64String(base64);
        if (material.Length != Size)
        {
            throw new InvalidOperationException($"Data key {id} must be {Size} bytes (base64), not {material.Length}.");
        }

        if (id.Length > 64 || id.Any(c => c is < '!' or > '~' or ':'))
        {
            throw new InvalidOperationException($"Data key id {id} must be at most 64 printable ASCII characters without ':'.");
        }

        return new DataKey(id, material);
    }
}

/// <summary>
/// Where the data keys come from. Encryption always uses the current key; decryption finds the key by the id stored
/// with the ciphertext, so rows written under an older key stay readable after a rotation.
/// </summary>
public interface IDataKeyStore
{
    ValueTask<DataKey> GetCurrentAsync(CancellationToken cancellationToken);

    ValueTask<DataKey> GetAsync(string keyId, CancellationToken cancellationToken);
}

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

/// <summary>A ciphertext names a data key that is not (or no longer) available. The message carries the key id only.</summary>
public sealed class DataKeyUnavailableException : Exception
{
    public DataKeyUnavailableException()
        : this("unknown")
    {
    }

    public DataKeyUnavailableException(string keyId)
        : this(keyId, null)
    {
    }

    public DataKeyUnavailableException(string keyId, Exception? innerException)
        : base($"Data key '{keyId}' is not available.", innerException) => KeyId = keyId;

    public string KeyId { get; }
}
