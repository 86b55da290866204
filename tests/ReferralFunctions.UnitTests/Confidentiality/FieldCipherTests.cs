using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.UnitTests.Infrastructure;

namespace ReferralFunctions.UnitTests.Confidentiality;

/// <summary>AES-GCM field encryption: key ids on every ciphertext, binding to where it is stored, and key rotation.</summary>
public sealed class FieldCipherTests
{
    private const string Where = "Referrals/RF-2026-ABCD-EFGH/referral/Submission";
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static FieldCipher Cipher(string current, params (string Id, string Key)[] keys)
    {
        var options = new ConfidentialityOptions { CurrentDataKeyId = current };
        foreach (var (id, key) in keys)
        {
            options.DataKeys[id] = key;
        }

        return new FieldCipher(new LocalDataKeyStore(Options.Create(options)));
    }

    [Fact]
    public async Task Text_round_trips_and_the_stored_form_shows_only_the_key_id()
    {
        var cipher = Cipher("2026-a", ("2026-a", KeyA));
        var stored = await cipher.EncryptTextAsync("Security Officer, +61 3 9000 0001", Where, CancellationToken.None);

        Assert.StartsWith(FieldCipher.TextPrefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Security", stored, StringComparison.Ordinal);
        Assert.Equal("2026-a", FieldCipher.KeyIdOf(stored));
        Assert.Equal("Security Officer, +61 3 9000 0001", await cipher.DecryptTextAsync(stored, Where, CancellationToken.None));
        Assert.Null(await cipher.EncryptTextAsync(null, Where, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_value_encrypts_differently_each_time()
    {
        var cipher = Cipher("2026-a", ("2026-a", KeyA));
        var plain = Encoding.UTF8.GetBytes("{\"narrative\":\"same\"}");

        var first = await cipher.EncryptAsync(plain, Where, CancellationToken.None);
        var second = await cipher.EncryptAsync(plain, Where, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(plain, await cipher.DecryptAsync(second, Where, CancellationToken.None));
    }

    [Fact]
    public async Task A_tampered_or_truncated_ciphertext_is_refused()
    {
        var cipher = Cipher("2026-a", ("2026-a", KeyA));
        var stored = await cipher.EncryptAsync(Encoding.UTF8.GetBytes("narrative"), Where, CancellationToken.None);
        var tampered = stored.ToArray();
        tampered[^1] ^= 1;

        await Assert.ThrowsAsync<InvalidDataException>(() => cipher.DecryptAsync(tampered, Where, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<InvalidDataException>(() => cipher.DecryptAsync(stored.AsMemory(0, 20), Where, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<InvalidDataException>(() => cipher.DecryptTextAsync("clear text", Where, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_ciphertext_moved_to_another_referral_does_not_decrypt()
    {
        var cipher = Cipher("2026-a", ("2026-a", KeyA));
        var stored = await cipher.EncryptTextAsync("findings", Where, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            cipher.DecryptTextAsync(stored, "Referrals/RF-2026-WXYZ-WXYZ/referral/Submission", CancellationToken.None).AsTask());
        Assert.DoesNotContain("findings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_rotation_new_values_use_the_new_key_and_old_ones_still_read()
    {
        var before = Cipher("2026-a", ("2026-a", KeyA));
        var old = await before.EncryptTextAsync("written before rotation", Where, CancellationToken.None);

        var after = Cipher("2026-b", ("2026-a", KeyA), ("2026-b", KeyB));
        var fresh = await after.EncryptTextAsync("written after rotation", Where, CancellationToken.None);

        Assert.Equal("2026-b", FieldCipher.KeyIdOf(fresh));
        Assert.Equal("written before rotation", await after.DecryptTextAsync(old, Where, CancellationToken.None));

        // Once the old key is removed, its ciphertexts can no longer be read: re-encrypt before retiring a key.
        var retired = Cipher("2026-b", ("2026-b", KeyB));
        var error = await Assert.ThrowsAsync<DataKeyUnavailableException>(() => retired.DecryptTextAsync(old, Where, CancellationToken.None).AsTask());
        Assert.Equal("2026-a", error.KeyId);
    }

    [Fact]
    public void A_data_key_must_be_256_bits()
    {
        Assert.Throws<InvalidOperationException>(() => DataKey.FromBase64("short", Convert.ToBase64String(new byte[16])));
        Assert.Throws<InvalidOperationException>(() => DataKey.FromBase64("bad:id", KeyA));
    }

    [Fact]
    public async Task Key_Vault_versions_are_the_keys_the_newest_enabled_one_is_current()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var vault = new FakeSecretClient();
        vault.Add(KeyVaultDataKeyStore.SecretName, "0a1b", KeyA, time.GetUtcNow().AddDays(-90));
        var store = new KeyVaultDataKeyStore(vault, time, Options.Create(new ConfidentialityOptions()));
        var cipher = new FieldCipher(store);
        var old = await cipher.EncryptTextAsync("before", Where, CancellationToken.None);

        // Rotation: a new version. The store notices it after its refresh interval.
        vault.Add(KeyVaultDataKeyStore.SecretName, "2c3d", KeyB, time.GetUtcNow());
        Assert.Equal("0a1b", FieldCipher.KeyIdOf(await cipher.EncryptTextAsync("soon", Where, CancellationToken.None)));
        time.Advance(TimeSpan.FromMinutes(11));
        var fresh = await cipher.EncryptTextAsync("after", Where, CancellationToken.None);

        Assert.Equal("2c3d", FieldCipher.KeyIdOf(fresh));
        Assert.Equal("before", await cipher.DecryptTextAsync(old, Where, CancellationToken.None));
        Assert.Equal(2, vault.VersionListings);
    }

    [Fact]
    public async Task A_disabled_Key_Vault_version_is_not_current_and_cannot_decrypt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var vault = new FakeSecretClient();
        vault.Add(KeyVaultDataKeyStore.SecretName, "0a1b", KeyA, time.GetUtcNow().AddDays(-1), enabled: false);
        vault.Add(KeyVaultDataKeyStore.SecretName, "9f9f", KeyB, time.GetUtcNow().AddDays(-90));
        var store = new KeyVaultDataKeyStore(vault, time, Options.Create(new ConfidentialityOptions()));

        Assert.Equal("9f9f", (await store.GetCurrentAsync(CancellationToken.None)).Id);
        await Assert.ThrowsAsync<DataKeyUnavailableException>(() => store.GetAsync("0a1b", CancellationToken.None).AsTask());
    }
}
