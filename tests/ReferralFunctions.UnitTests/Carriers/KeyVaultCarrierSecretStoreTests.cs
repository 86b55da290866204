using System.Diagnostics.CodeAnalysis;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReferralFunctions.Carriers;

namespace ReferralFunctions.UnitTests.Carriers;

/// <summary>Carrier secrets from Key Vault, through a <see cref="SecretClient"/> double built on the SDK's model factory.</summary>
public sealed class KeyVaultCarrierSecretStoreTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSecretClient vault = new();

    private KeyVaultCarrierSecretStore Store() => new(
        vault,
        new MemoryCache(new MemoryCacheOptions()),
        time,
        Options.Create(new CarrierAuthOptions()));

    [Fact]
    public async Task The_newest_enabled_version_is_current_and_the_one_before_it_still_verifies()
    {
        vault.Add("carrier-acme", "v1", "old", time.GetUtcNow().AddDays(-30));
        vault.Add("carrier-acme", "v2", "new", time.GetUtcNow().AddDays(-1));

        var secrets = await Store().GetAsync("ACME", refresh: false, CancellationToken.None);

        Assert.Equal("new", Encoding.UTF8.GetString(secrets!.Current));
        Assert.Equal("old", Encoding.UTF8.GetString(secrets.Previous!));
    }

    [Fact]
    public async Task Disabled_and_expired_versions_do_not_verify()
    {
        vault.Add("carrier-acme", "v1", "disabled", time.GetUtcNow().AddDays(-30), enabled: false);
        vault.Add("carrier-acme", "v2", "expired", time.GetUtcNow().AddDays(-20), expires: time.GetUtcNow().AddDays(-1));
        vault.Add("carrier-acme", "v3", "current", time.GetUtcNow().AddDays(-1));

        var secrets = await Store().GetAsync("ACME", refresh: false, CancellationToken.None);

        Assert.Equal("current", Encoding.UTF8.GetString(secrets!.Current));
        Assert.Null(secrets.Previous);
    }

    [Fact]
    public async Task An_unknown_carrier_has_no_secrets()
    {
        Assert.Null(await Store().GetAsync("NOBODY", refresh: false, CancellationToken.None));
    }

    [Fact]
    public async Task Secrets_are_cached_and_a_refresh_rereads_them_at_most_once_per_interval()
    {
        vault.Add("carrier-acme", "v1", "first", time.GetUtcNow().AddDays(-1));
        var store = Store();
        await store.GetAsync("ACME", refresh: false, CancellationToken.None);
        vault.Add("carrier-acme", "v2", "rotated", time.GetUtcNow());

        var cached = await store.GetAsync("ACME", refresh: false, CancellationToken.None);
        var tooSoon = await store.GetAsync("ACME", refresh: true, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(31));
        var refreshed = await store.GetAsync("ACME", refresh: true, CancellationToken.None);

        Assert.Equal("first", Encoding.UTF8.GetString(cached!.Current));
        Assert.Equal("first", Encoding.UTF8.GetString(tooSoon!.Current));
        Assert.Equal("rotated", Encoding.UTF8.GetString(refreshed!.Current));
        Assert.Equal("first", Encoding.UTF8.GetString(refreshed.Previous!));
        Assert.Equal(2, vault.VersionListings);
    }

    private sealed class FakeSecretClient : SecretClient
    {
        private readonly List<KeyVaultSecret> secrets = [];

        public int VersionListings { get; private set; }

        public void Add(string name, string version, string value, DateTimeOffset created, bool enabled = true, DateTimeOffset? expires = null)
        {
            var properties = SecretModelFactory.SecretProperties(
                new Uri($"https://vault.test/secrets/{name}/{version}"), new Uri("https://vault.test"), name, version, createdOn: created);
            properties.Enabled = enabled;
            properties.ExpiresOn = expires;
            secrets.Add(SecretModelFactory.KeyVaultSecret(properties, value));
        }

        public override AsyncPageable<SecretProperties> GetPropertiesOfSecretVersionsAsync(string name, CancellationToken cancellationToken = default)
        {
            VersionListings++;
            var versions = secrets.Where(s => s.Name == name).Select(s => s.Properties).ToList();
            if (versions.Count == 0)
            {
                throw new RequestFailedException(404, "SecretNotFound");
            }

            return AsyncPageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(versions, null, new FakeResponse(200))]);
        }

        public override Task<Response<KeyVaultSecret>> GetSecretAsync(string name, string? version = null, CancellationToken cancellationToken = default)
        {
            var secret = secrets.Single(s => s.Name == name && s.Properties.Version == version);
            return Task.FromResult(Response.FromValue(secret, new FakeResponse(200)));
        }
    }

    private sealed class FakeResponse(int status) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => "";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
