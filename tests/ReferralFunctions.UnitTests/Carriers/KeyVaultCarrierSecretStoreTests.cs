using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReferralFunctions.Carriers;
using ReferralFunctions.UnitTests.Infrastructure;

namespace ReferralFunctions.UnitTests.Carriers;

/// <summary>Carrier secrets from Key Vault, through a Key Vault secret client double built on the SDK's model factory.</summary>
public sealed class KeyVaultCarrierSecretStoreTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSecretClient vault = new();
    private readonly FakeLogger<KeyVaultCarrierSecretStore> logger = new();

    private KeyVaultCarrierSecretStore Store() => new(
        vault,
        new MemoryCache(new MemoryCacheOptions()),
        time,
        Options.Create(new CarrierAuthOptions()),
        logger);

    /// <summary>A distinct secret of a proper length (at least <see cref="CarrierSecrets.MinimumBytes"/>).</summary>
    internal static string Key(string label) => label + "-0f9e8d7c6b5a4938271605f4e3d2c1b0";

    [Fact]
    public async Task The_newest_enabled_version_is_current_and_the_one_before_it_still_verifies()
    {
        vault.Add("carrier-acme", "v1", Key("old"), time.GetUtcNow().AddDays(-30));
        vault.Add("carrier-acme", "v2", Key("new"), time.GetUtcNow().AddDays(-1));

        var secrets = await Store().GetAsync("ACME", refresh: false, CancellationToken.None);

        Assert.Equal(Key("new"), Encoding.UTF8.GetString(secrets!.Current));
        Assert.Equal(Key("old"), Encoding.UTF8.GetString(secrets.Previous!));
    }

    [Fact]
    public async Task Disabled_and_expired_versions_do_not_verify()
    {
        vault.Add("carrier-acme", "v1", Key("disabled"), time.GetUtcNow().AddDays(-30), enabled: false);
        vault.Add("carrier-acme", "v2", Key("expired"), time.GetUtcNow().AddDays(-20), expires: time.GetUtcNow().AddDays(-1));
        vault.Add("carrier-acme", "v3", Key("current"), time.GetUtcNow().AddDays(-1));

        var secrets = await Store().GetAsync("ACME", refresh: false, CancellationToken.None);

        Assert.Equal(Key("current"), Encoding.UTF8.GetString(secrets!.Current));
        Assert.Null(secrets.Previous);
    }

    [Theory]
    [InlineData("DEMO")]
    [InlineData("demo")]
    public async Task The_public_demo_carrier_does_not_exist_even_with_a_secret_in_the_vault(string carrierId)
    {
        vault.Add("carrier-demo", "v1", LocalCarrierSecretStore.DevelopmentDemoSecret, time.GetUtcNow().AddDays(-1));
        vault.Add("carrier-acme", "v1", Key("acme"), time.GetUtcNow().AddDays(-1));

        Assert.Null(await Store().GetAsync(carrierId, refresh: false, CancellationToken.None));
        Assert.NotNull(await Store().GetAsync("ACME", refresh: false, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_carrier_has_no_secrets()
    {
        Assert.Null(await Store().GetAsync("NOBODY", refresh: false, CancellationToken.None));
    }

    [Fact]
    public async Task Secrets_are_cached_and_a_refresh_rereads_them_at_most_once_per_interval()
    {
        vault.Add("carrier-acme", "v1", Key("first"), time.GetUtcNow().AddDays(-1));
        var store = Store();
        await store.GetAsync("ACME", refresh: false, CancellationToken.None);
        vault.Add("carrier-acme", "v2", Key("rotated"), time.GetUtcNow());

        var cached = await store.GetAsync("ACME", refresh: false, CancellationToken.None);
        var tooSoon = await store.GetAsync("ACME", refresh: true, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(31));
        var refreshed = await store.GetAsync("ACME", refresh: true, CancellationToken.None);

        Assert.Equal(Key("first"), Encoding.UTF8.GetString(cached!.Current));
        Assert.Equal(Key("first"), Encoding.UTF8.GetString(tooSoon!.Current));
        Assert.Equal(Key("rotated"), Encoding.UTF8.GetString(refreshed!.Current));
        Assert.Equal(Key("first"), Encoding.UTF8.GetString(refreshed.Previous!));
        Assert.Equal(2, vault.VersionListings);
    }

    [Fact]
    public async Task A_current_version_shorter_than_the_minimum_is_not_used_and_the_carrier_is_refused()
    {
        const string tooShort = "short-carrier-secret-31-bytes-x";
        Assert.Equal(CarrierSecrets.MinimumBytes - 1, Encoding.UTF8.GetByteCount(tooShort));
        vault.Add("carrier-acme", "v1", Key("old"), time.GetUtcNow().AddDays(-30));
        vault.Add("carrier-acme", "v2", tooShort, time.GetUtcNow().AddDays(-1));

        // Not even the previous version verifies: the carrier signs with the newest, and a weak key is never trusted.
        Assert.Null(await Store().GetAsync("ACME", refresh: false, CancellationToken.None));

        var logged = Assert.Single(logger.Collector.GetSnapshot(), l => l.Id.Id == 1102);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("carrier-acme", logged.Message, StringComparison.Ordinal);
        Assert.Contains("v2", logged.Message, StringComparison.Ordinal);
        Assert.All(logger.Collector.GetSnapshot(), l => Assert.DoesNotContain(tooShort, l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_previous_version_shorter_than_the_minimum_does_not_verify()
    {
        const string tooShort = "short-previous-secret";
        vault.Add("carrier-acme", "v1", tooShort, time.GetUtcNow().AddDays(-30));
        vault.Add("carrier-acme", "v2", Key("new"), time.GetUtcNow().AddDays(-1));

        var secrets = await Store().GetAsync("ACME", refresh: false, CancellationToken.None);

        Assert.Equal(Key("new"), Encoding.UTF8.GetString(secrets!.Current));
        Assert.Null(secrets.Previous);
        Assert.Equal([secrets.Current], secrets.Verifying);
        var logged = Assert.Single(logger.Collector.GetSnapshot(), l => l.Id.Id == 1102);
        Assert.Contains("v1", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(tooShort, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_of_exactly_the_minimum_is_used()
    {
        var exactly = new string('k', CarrierSecrets.MinimumBytes);
        vault.Add("carrier-acme", "v1", exactly, time.GetUtcNow().AddDays(-1));

        var secrets = await Store().GetAsync("ACME", refresh: false, CancellationToken.None);

        Assert.Equal(exactly, Encoding.UTF8.GetString(secrets!.Current));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), l => l.Id.Id == 1102);
    }
}

public sealed class KeyVaultCarrierSecretStoreFloodTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSecretClient vault = new();
    private readonly MemoryCache cache = new(new MemoryCacheOptions());

    private KeyVaultCarrierSecretStore Store() =>
        new(vault, cache, time, Options.Create(new CarrierAuthOptions()), new FakeLogger<KeyVaultCarrierSecretStore>());

    public void Dispose() => cache.Dispose();

    [Fact]
    public async Task A_thousand_made_up_ids_cost_one_vault_listing_per_refresh_interval_and_are_not_cached()
    {
        vault.Add("carrier-acme", "v1", KeyVaultCarrierSecretStoreTests.Key("secret"), time.GetUtcNow().AddDays(-1));
        var store = Store();

        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(await store.GetAsync($"MADE-UP-{i}", refresh: i % 2 == 0, CancellationToken.None));
        }

        Assert.Equal(1, vault.Reads);
        Assert.Equal(0, cache.Count);

        // Past the refresh interval (30 s) another thousand cost one more listing, no more.
        time.Advance(TimeSpan.FromSeconds(31));
        for (var i = 1000; i < 2000; i++)
        {
            Assert.Null(await store.GetAsync($"MADE-UP-{i}", refresh: true, CancellationToken.None));
        }

        Assert.Equal(2, vault.Reads);
        Assert.Equal(0, vault.VersionListings);
        Assert.Equal(0, cache.Count);

        // The real carrier is still served, and is the only thing cached.
        Assert.Equal(KeyVaultCarrierSecretStoreTests.Key("secret"), Encoding.UTF8.GetString((await store.GetAsync("ACME", refresh: false, CancellationToken.None))!.Current));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_carrier_added_to_the_vault_is_found_once_the_refresh_interval_has_passed()
    {
        var store = Store();
        Assert.Null(await store.GetAsync("NEWCO", refresh: false, CancellationToken.None));
        vault.Add("carrier-newco", "v1", KeyVaultCarrierSecretStoreTests.Key("fresh"), time.GetUtcNow());

        Assert.Null(await store.GetAsync("NEWCO", refresh: false, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(KeyVaultCarrierSecretStoreTests.Key("fresh"), Encoding.UTF8.GetString((await store.GetAsync("NEWCO", refresh: false, CancellationToken.None))!.Current));
        Assert.Equal(2, vault.SecretListings);
    }
}
