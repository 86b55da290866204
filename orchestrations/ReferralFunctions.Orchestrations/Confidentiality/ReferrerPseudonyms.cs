using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// A stable pseudonym per referring carrier (HMAC of its id): agencies can tell that two referrals came from the same
/// referrer without learning who it is.
/// </summary>
public sealed class ReferrerPseudonyms(IOptions<ConfidentialityOptions> options)
{
    public string For(string carrierId)
    {
        ArgumentNullException.ThrowIfNull(carrierId);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.PseudonymKey), Encoding.UTF8.GetBytes("referrer\n" + carrierId.ToUpperInvariant()));
        return "REFERRER-" + Convert.ToHexString(mac, 0, 8);
    }
}
