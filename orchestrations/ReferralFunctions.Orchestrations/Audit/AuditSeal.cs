using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ReferralFunctions.Audit;

/// <summary>
/// How an entry's hash is made: over a canonical JSON of every field but the hash, the previous hash included.
/// Keyed entries (HMAC-SHA256) also bind the algorithm's name, so an entry cannot be passed off as another kind.
/// Unkeyed entries keep the exact form they were written in before the chain was keyed.
/// </summary>
public static class AuditSeal
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The entry with its hash, made by the entry's own <see cref="AuditEntry.Algorithm"/>.</summary>
    public static AuditEntry Seal(AuditEntry entry, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry with { Hash = Hash(entry, key) ?? throw new ArgumentException($"Unknown audit algorithm '{entry.Algorithm}'.", nameof(entry)) };
    }

    /// <summary>What the entry's hash should be; null when its algorithm is not known.</summary>
    public static string? Hash(AuditEntry entry, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        return entry.Algorithm switch
        {
            AuditAlgorithms.HmacSha256 => Convert.ToHexStringLower(HMACSHA256.HashData(key, JsonSerializer.SerializeToUtf8Bytes(
                new object?[]
                {
                    entry.Algorithm, entry.Sequence, at, entry.Actor, entry.Role, entry.Action, entry.ReferralId, entry.Purpose, entry.Detail,
                    entry.PreviousHash,
                },
                Json))),
            AuditAlgorithms.Sha256 => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
                new object?[] { entry.Sequence, at, entry.Actor, entry.Role, entry.Action, entry.ReferralId, entry.Purpose, entry.Detail, entry.PreviousHash },
                Json))),
            _ => null,
        };
    }
}
