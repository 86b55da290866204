namespace ReferralFunctions.Confidentiality;

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
