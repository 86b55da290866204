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
