using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReferralFunctions.Carriers;

/// <summary>
/// The carrier request signature: <c>v1=</c> and the hex HMAC-SHA256, keyed with the carrier's secret, of
/// <c>{timestamp}\n{nonce}\n{METHOD}\n{path and query as sent}\n{hex SHA-256 of the body}</c>.
/// </summary>
public static class CarrierSignature
{
    public const string Scheme = "v1=";

    public static string CanonicalString(long timestamp, string nonce, string method, string pathAndQuery, ReadOnlySpan<byte> body) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{timestamp}\n{nonce}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{Convert.ToHexStringLower(SHA256.HashData(body))}");

    public static byte[] Compute(ReadOnlySpan<byte> secret, string canonical) =>
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(canonical));

    /// <summary>Signs a request the way a carrier does: used by tests, the local token tooling and the docs' example.</summary>
    public static string Sign(string secret, long timestamp, string nonce, string method, string pathAndQuery, ReadOnlySpan<byte> body) =>
        Scheme + Convert.ToHexStringLower(Compute(Encoding.UTF8.GetBytes(secret), CanonicalString(timestamp, nonce, method, pathAndQuery, body)));
}
