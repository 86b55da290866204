using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Confidentiality;

/// <summary>Where the referrer pseudonym key comes from (section "Confidentiality").</summary>
public sealed class ConfidentialityOptions
{
    public const string SectionName = "Confidentiality";

    /// <summary>
    /// Key of the referrer pseudonyms. Locally a development value; in Azure it belongs in Key Vault (the data-key
    /// work moves it there).
    /// </summary>
    public string PseudonymKey { get; set; } = "local-development-pseudonym-key-not-for-production";

    /// <summary>Local data keys by id (base64 of 32 bytes); unused when the keys come from Key Vault.</summary>
    public Dictionary<string, string> DataKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Which of <see cref="DataKeys"/> encrypts new values.</summary>
    public string? CurrentDataKeyId { get; set; }

    /// <summary>How long the Key Vault store trusts its idea of the current key before looking for a newer version.</summary>
    public TimeSpan DataKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);
}

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
