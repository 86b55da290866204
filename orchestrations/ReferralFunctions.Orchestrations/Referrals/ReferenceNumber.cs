using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ReferralFunctions.Referrals;

/// <summary>
/// Human-readable referral reference, e.g. <c>RF-2026-K7M3-Q9X2</c>: the year received and 40 random bits in
/// Crockford base32 (no I, L, O or U, so it reads aloud over the phone). It is also the referral's id and the
/// instance id of its orchestration.
/// </summary>
public static partial class ReferenceNumber
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Create(DateTimeOffset receivedAt)
    {
        Span<byte> random = stackalloc byte[5];
        RandomNumberGenerator.Fill(random);
        ulong bits = 0;
        foreach (var b in random)
        {
            bits = (bits << 8) | b;
        }

        Span<char> symbols = stackalloc char[8];
        for (var i = symbols.Length - 1; i >= 0; i--)
        {
            symbols[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return $"RF-{receivedAt.UtcDateTime.Year:D4}-{symbols[..4]}-{symbols[4..]}";
    }

    /// <summary>True when the text has the form of a reference (it may still not exist).</summary>
    public static bool IsWellFormed(string? text) => text is not null && Pattern().IsMatch(text);

    [GeneratedRegex("^RF-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
