using Microsoft.Extensions.Options;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// A stable pseudonym per referring carrier (HMAC of its id): agencies can tell that two referrals came from the same
/// referrer without learning who it is.
/// </summary>
public sealed class ReferrerPseudonyms(IOptions<ConfidentialityOptions> options)
{
    /// <summary>How the audit trail, timelines and security events name a carrier: never by its id.</summary>
    public const string ActorPrefix = "carrier:";

    public string For(string carrierId) => "REFERRER-" + Convert.ToHexString(CarrierHmac.Compute(options.Value.PseudonymKey, "referrer", carrierId), 0, 8);

    /// <summary>The carrier as an actor: <c>carrier:</c> and its pseudonym.</summary>
    public string ActorFor(string carrierId) => ActorPrefix + For(carrierId);
}
