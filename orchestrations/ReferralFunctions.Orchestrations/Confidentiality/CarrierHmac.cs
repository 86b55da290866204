using System.Security.Cryptography;
using System.Text;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// HMAC-SHA256 of a carrier id, normalised to upper case and bound to a purpose, so one key's values for one use cannot
/// stand in for another's. Shared by <see cref="ReferrerPseudonyms"/> and <see cref="CarrierLookup"/>.
/// </summary>
internal static class CarrierHmac
{
    public static byte[] Compute(string key, string purpose, string carrierId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(carrierId);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(purpose + "\n" + carrierId.ToUpperInvariant()));
    }
}
