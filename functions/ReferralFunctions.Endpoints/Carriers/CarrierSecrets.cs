using System.Text;

namespace ReferralFunctions.Carriers;

/// <summary>
/// A carrier's signing secrets: the current one and, during rotation, the previous one. Both verify.
/// The HMAC key is the UTF-8 bytes of the secret text.
/// </summary>
public sealed record CarrierSecrets(byte[] Current, byte[]? Previous)
{
    /// <summary>
    /// The least length of a secret's UTF-8 text, in bytes: a 256-bit HMAC-SHA256 key (ASVS 11.2.3). Operators create
    /// 32 random bytes, base64 (44 characters; docs/deployment.md). Shorter secrets are refused, never used.
    /// </summary>
    public const int MinimumBytes = 32;

    /// <summary>Whether a secret's text is long enough to be a signing key.</summary>
    public static bool LongEnough(string? secret) => secret is not null && Encoding.UTF8.GetByteCount(secret) >= MinimumBytes;

    public IEnumerable<byte[]> Verifying => Previous is null ? [Current] : [Current, Previous];
}

/// <summary>Where carrier secrets come from: Key Vault in Azure, configuration locally.</summary>
public interface ICarrierSecretStore
{
    /// <summary>
    /// The carrier's secrets, or null for an unknown carrier. <paramref name="refresh"/> asks for a fresh read past any
    /// cache (after a signature did not verify, in case the secret was rotated).
    /// </summary>
    ValueTask<CarrierSecrets?> GetAsync(string carrierId, bool refresh, CancellationToken cancellationToken);
}
