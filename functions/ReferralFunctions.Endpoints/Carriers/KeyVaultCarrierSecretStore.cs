using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Carriers;

/// <summary>
/// Carrier secrets from Key Vault: secret <c>carrier-{id}</c>, its newest enabled version is current and the version
/// before it still verifies (rotation = set a new version). Cached; re-read at most every
/// <see cref="CarrierAuthOptions.SecretRefreshInterval"/> when a signature fails. The public <c>DEMO</c> carrier of
/// local runs never exists here, even if a <c>carrier-demo</c> secret were added to the vault.
/// </summary>
public sealed class KeyVaultCarrierSecretStore(
    SecretClient client,
    IMemoryCache cache,
    TimeProvider time,
    IOptions<CarrierAuthOptions> options) : ICarrierSecretStore
{
    public static string SecretName(string carrierId) => "carrier-" + carrierId.ToLowerInvariant();

    public async ValueTask<CarrierSecrets?> GetAsync(string carrierId, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(carrierId);
        if (string.Equals(carrierId, LocalCarrierSecretStore.DemoCarrierId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = (typeof(KeyVaultCarrierSecretStore), carrierId);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out Cached? cached) && cached is not null
            && (!refresh || now - cached.ReadAt < options.Value.SecretRefreshInterval))
        {
            return cached.Secrets;
        }

        var secrets = await ReadAsync(SecretName(carrierId), cancellationToken).ConfigureAwait(false);
        cache.Set(key, new Cached(secrets, now), options.Value.SecretCacheDuration);
        return secrets;
    }

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
        var current = await client.GetSecretAsync(name, versions[0].Version, cancellationToken).ConfigureAwait(false);
        byte[]? previous = null;
        if (versions.Count > 1)
        {
            var older = await client.GetSecretAsync(name, versions[1].Version, cancellationToken).ConfigureAwait(false);
            previous = Encoding.UTF8.GetBytes(older.Value.Value);
        }

        return new CarrierSecrets(Encoding.UTF8.GetBytes(current.Value.Value), previous);
    }

    private sealed record Cached(CarrierSecrets? Secrets, DateTimeOffset ReadAt);
}
