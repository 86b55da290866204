namespace ReferralFunctions.Carriers;

/// <summary>
/// A carrier's signing secrets: the current one and, during rotation, the previous one. Both verify.
/// The HMAC key is the UTF-8 bytes of the secret text.
/// </summary>
public sealed record CarrierSecrets(byte[] Current, byte[]? Previous)
{
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
