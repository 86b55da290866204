using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Carriers;

/// <summary>
/// Carrier secrets from Key Vault: secret <c>carrier-{id}</c>, its newest enabled version is current and the version
/// before it still verifies (rotation = set a new version). Cached; re-read at most every
/// <see cref="CarrierAuthOptions.SecretRefreshInterval"/> when a signature fails.
/// Which carriers exist is known from one listing of the vault's <c>carrier-</c> secret names, itself cached for
/// <see cref="CarrierAuthOptions.SecretCacheDuration"/> and re-listed at most every
/// <see cref="CarrierAuthOptions.SecretRefreshInterval"/> when an id is not in it: a flood of made-up carrier ids costs
/// no vault reads beyond that, and only carriers that exist are ever cached, so the cache is bounded by the vault.
/// The public <c>DEMO</c> carrier of local runs never exists here, even if a <c>carrier-demo</c> secret were added.
/// A version shorter than <see cref="CarrierSecrets.MinimumBytes"/> is never used as a key: a short current version
/// leaves the carrier refused until a proper version is set, a short previous version does not verify.
/// </summary>
public sealed partial class KeyVaultCarrierSecretStore(
    SecretClient client,
    IMemoryCache cache,
    TimeProvider time,
    IOptions<CarrierAuthOptions> options,
    ILogger<KeyVaultCarrierSecretStore> logger) : ICarrierSecretStore, IDisposable
{
    private const string Prefix = "carrier-";

    private readonly SemaphoreSlim listing = new(1, 1);
    private volatile CarrierNames? directory;

    public static string SecretName(string carrierId) => Prefix + carrierId.ToLowerInvariant();

    public void Dispose() => listing.Dispose();

    public async ValueTask<CarrierSecrets?> GetAsync(string carrierId, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(carrierId);
        if (string.Equals(carrierId, LocalCarrierSecretStore.DemoCarrierId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = (typeof(KeyVaultCarrierSecretStore), carrierId);
        var now = time.GetUtcNow();
        if (!await ExistsAsync(SecretName(carrierId), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (cache.TryGetValue(key, out Cached? cached) && cached is not null
            && (!refresh || now - cached.ReadAt < options.Value.SecretRefreshInterval))
        {
            return cached.Secrets;
        }

        var secrets = await ReadAsync(SecretName(carrierId), cancellationToken).ConfigureAwait(false);
        cache.Set(key, new Cached(secrets, now), options.Value.SecretCacheDuration);
        return secrets;
    }

    /// <summary>Whether a secret of this name is in the vault's listing (re-listed when stale or, rate-bounded, when the name is missing).</summary>
    private async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        var current = directory;
        if (current is not null && Fresh(current) && (current.Names.Contains(name) || !MayRelist(current)))
        {
            return current.Names.Contains(name);
        }

        await listing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have re-listed while this one waited.
            current = directory;
            if (current is null || !Fresh(current) || (!current.Names.Contains(name) && MayRelist(current)))
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var secret in client.GetPropertiesOfSecretsAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (secret.Name.StartsWith(Prefix, StringComparison.Ordinal))
                    {
                        names.Add(secret.Name);
                    }
                }

                current = directory = new CarrierNames(names, time.GetUtcNow());
            }

            return current.Names.Contains(name);
        }
        finally
        {
            listing.Release();
        }
    }

    private bool Fresh(CarrierNames listed) => time.GetUtcNow() - listed.ReadAt < options.Value.SecretCacheDuration;

    private bool MayRelist(CarrierNames listed) => time.GetUtcNow() - listed.ReadAt >= options.Value.SecretRefreshInterval;

    private async Task<CarrierSecrets?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var versions = new List<SecretProperties>();
        try
        {
            await foreach (var version in client.GetPropertiesOfSecretVersionsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                if (version.Enabled == true && (version.ExpiresOn is null || version.ExpiresOn > time.GetUtcNow()))
                {
                    versions.Add(version);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        if (versions.Count == 0)
        {
            return null;
        }

        versions.Sort((a, b) => Nullable.Compare(b.CreatedOn, a.CreatedOn));
        var current = await ReadVersionAsync(name, versions[0].Version, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            // The newest version is what the carrier signs with: falling back to an older one would keep a retired key.
            return null;
        }

        var previous = versions.Count > 1
            ? await ReadVersionAsync(name, versions[1].Version, cancellationToken).ConfigureAwait(false)
            : null;
        return new CarrierSecrets(current, previous);
    }

    /// <summary>A version's key, or null (logged) when it is too short to be one.</summary>
    private async Task<byte[]?> ReadVersionAsync(string name, string version, CancellationToken cancellationToken)
    {
        var secret = await client.GetSecretAsync(name, version, cancellationToken).ConfigureAwait(false);
        if (!CarrierSecrets.LongEnough(secret.Value.Value))
        {
            Log.SecretTooShort(logger, name, version, CarrierSecrets.MinimumBytes);
            return null;
        }

        return Encoding.UTF8.GetBytes(secret.Value.Value);
    }

    private sealed record CarrierNames(HashSet<string> Names, DateTimeOffset ReadAt);

    private sealed record Cached(CarrierSecrets? Secrets, DateTimeOffset ReadAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1102, Level = LogLevel.Error,
            Message = "Key Vault secret {SecretName} version {Version} is shorter than {MinimumBytes} bytes and is not used to verify carrier requests")]
        public static partial void SecretTooShort(ILogger logger, string secretName, string version, int minimumBytes);
    }
}
