namespace ReferralFunctions.Confidentiality;

/// <summary>
/// Where the data keys come from. Encryption always uses the current key; decryption finds the key by the id stored
/// with the ciphertext, so rows written under an older key stay readable after a rotation.
/// </summary>
public interface IDataKeyStore
{
    ValueTask<DataKey> GetCurrentAsync(CancellationToken cancellationToken);

    ValueTask<DataKey> GetAsync(string keyId, CancellationToken cancellationToken);
}
