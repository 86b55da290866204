using System.Buffers.Text;
using System.Text;

namespace ReferralFunctions.Referrals.Staff;

/// <summary>
/// The staff queue's continuation token as clients see it: the Table service's own token, base64url-encoded so it is
/// one opaque, header- and URL-safe value. It only says where the next page starts in the index.
/// </summary>
public static class QueueToken
{
    private const int MaxLength = 2048;

    public static string Write(string continuation) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuation));

    /// <summary>The Table service's token, or null when <paramref name="token"/> is not one this API wrote.</summary>
    public static string? Read(string token)
    {
        if (token.Length > MaxLength || !Base64Url.IsValid(token))
        {
            return null;
        }

        // Any other value only moves where a page starts, or is refused by the service (see the endpoint).
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return text.Length > 0 && !text.Any(char.IsControl) ? text : null;
    }
}
