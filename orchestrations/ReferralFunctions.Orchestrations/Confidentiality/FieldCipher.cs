using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// Encrypts confidential fields at rest with AES-256-GCM under the current data key. Every ciphertext carries the id of
/// its key, a fresh 96-bit nonce and the 128-bit tag, and is bound (as associated data) to where it is stored, so a
/// ciphertext copied into another row or property fails to decrypt instead of showing the wrong referral's data.
/// </summary>
/// <remarks>
/// Layout: "RFE1" | key id length (1 byte) | key id (ASCII) | nonce (12) | tag (16) | ciphertext. Text fields hold the
/// same bytes as base64 after <see cref="TextPrefix"/>. Stores encrypt through a declared <see cref="EncryptedColumn"/>
/// (the public members), so re-encryption knows every encrypted column; the overloads taking a bare context are internal.
/// </remarks>
public sealed class FieldCipher(IDataKeyStore keys)
{
    public const string TextPrefix = "enc1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Magic = "RFE1"u8.ToArray();

    /// <summary>Where a value is stored, e.g. <c>Referrals/RF-2026-ABCD-EFGH/referral/Submission</c>.</summary>
    public static string Context(string table, string partitionKey, string rowKey, string property) =>
        string.Join('/', table, partitionKey, rowKey, property);

    /// <summary>The id of the key new values are encrypted under.</summary>
    public async ValueTask<string> CurrentKeyIdAsync(CancellationToken cancellationToken) =>
        (await keys.GetCurrentAsync(cancellationToken).ConfigureAwait(false)).Id;

    internal async ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, string context, CancellationToken cancellationToken)
    {
        var key = await keys.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        var id = Encoding.ASCII.GetBytes(key.Id);
        var header = Magic.Length + 1 + id.Length;
        var output = new byte[header + NonceSize + TagSize + plaintext.Length];
        Magic.CopyTo(output, 0);
        output[Magic.Length] = (byte)id.Length;
        id.CopyTo(output, Magic.Length + 1);
        var nonce = output.AsSpan(header, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Encrypt(nonce, plaintext.Span, output.AsSpan(header + NonceSize + TagSize), output.AsSpan(header + NonceSize, TagSize), Associated(context));
        return output;
    }

    internal async ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> stored, string context, CancellationToken cancellationToken)
    {
        var keyId = KeyIdOf(stored.Span) ?? throw new InvalidDataException($"{Describe(context)} is not an encrypted value.");
        var key = await keys.GetAsync(keyId, cancellationToken).ConfigureAwait(false);
        var header = Magic.Length + 1 + keyId.Length;
        var span = stored.Span;
        var plaintext = new byte[span.Length - header - NonceSize - TagSize];
        using var aes = new AesGcm(key.Material, TagSize);
        try
        {
            aes.Decrypt(span.Slice(header, NonceSize), span[(header + NonceSize + TagSize)..], span.Slice(header + NonceSize, TagSize), plaintext, Associated(context));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            // Tampered, truncated, or moved from another row: never return a guess.
            throw new InvalidDataException($"{Describe(context)} failed authentication.", ex);
        }

        return plaintext;
    }

    internal async ValueTask<string?> EncryptTextAsync(string? plaintext, string context, CancellationToken cancellationToken) =>
        plaintext is null ? null : TextPrefix + Convert.ToBase64String(await EncryptAsync(Encoding.UTF8.GetBytes(plaintext), context, cancellationToken).ConfigureAwait(false));

    internal async ValueTask<string?> DecryptTextAsync(string? stored, string context, CancellationToken cancellationToken)
    {
        if (stored is null)
        {
            return null;
        }

        if (!stored.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{Describe(context)} is not an encrypted value.");
        }

        return Encoding.UTF8.GetString(await DecryptAsync(Convert.FromBase64String(stored[TextPrefix.Length..]), context, cancellationToken).ConfigureAwait(false));
    }

    public ValueTask<string?> EncryptTextAsync(EncryptedColumn column, string partitionKey, string rowKey, string? plaintext, CancellationToken cancellationToken) =>
        EncryptTextAsync(plaintext, Of(column, EncryptedValueKind.Text).Context(partitionKey, rowKey), cancellationToken);

    public ValueTask<string?> DecryptTextAsync(EncryptedColumn column, string partitionKey, string rowKey, string? stored, CancellationToken cancellationToken) =>
        DecryptTextAsync(stored, Of(column, EncryptedValueKind.Text).Context(partitionKey, rowKey), cancellationToken);

    public ValueTask<byte[]> EncryptAsync(EncryptedColumn column, string partitionKey, string rowKey, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken) =>
        EncryptAsync(plaintext, Of(column, EncryptedValueKind.Chunked).Context(partitionKey, rowKey), cancellationToken);

    public ValueTask<byte[]> DecryptAsync(EncryptedColumn column, string partitionKey, string rowKey, ReadOnlyMemory<byte> stored, CancellationToken cancellationToken) =>
        DecryptAsync(stored, Of(column, EncryptedValueKind.Chunked).Context(partitionKey, rowKey), cancellationToken);

    private static EncryptedColumn Of(EncryptedColumn column, EncryptedValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Kind == kind ? column : throw new InvalidOperationException($"Column {column.Table}/{column.Property} is declared {column.Kind}, not {kind}.");
    }

    /// <summary>The key id a stored value was encrypted under, or null if it is not one of ours.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < Magic.Length + 1 || !stored.StartsWith(Magic))
        {
            return null;
        }

        var length = stored[Magic.Length];
        return stored.Length < Magic.Length + 1 + length + NonceSize + TagSize ? null : Encoding.ASCII.GetString(stored.Slice(Magic.Length + 1, length));
    }

    /// <summary>The key id of an encrypted text value, or null.</summary>
    public static string? KeyIdOf(string? stored)
    {
        if (stored is null || !stored.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new byte[(stored.Length - TextPrefix.Length) / 4 * 3 + 3];
        return Convert.TryFromBase64String(stored[TextPrefix.Length..], bytes, out var written) ? KeyIdOf(bytes.AsSpan(0, written)) : null;
    }

    private static byte[] Associated(string context)
    {
        var bytes = Encoding.UTF8.GetBytes(context);
        var output = new byte[4 + bytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(output, bytes.Length);
        bytes.CopyTo(output, 4);
        return output;
    }

    // The context names a row and property (ids, never content), so it is safe in an exception message.
    private static string Describe(string context) => "Stored value " + context;
}
