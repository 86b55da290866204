using Microsoft.Extensions.Options;
using ReferralFunctions.Audit;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// A stable pseudonym per referring carrier (HMAC of its id): agencies can tell that two referrals came from the same
/// referrer without learning who it is.
/// </summary>
public sealed class ReferrerPseudonyms(IOptions<ConfidentialityOptions> options)
{
    public string For(string carrierId) => "REFERRER-" + Convert.ToHexString(CarrierHmac.Compute(options.Value.PseudonymKey, "referrer", carrierId), 0, 8);

    /// <summary>
    /// The carrier as an actor (<see cref="Actor.Carrier"/>): how the audit trail, timelines and security events name a
    /// carrier, never by its id.
    /// </summary>
    public string ActorFor(string carrierId) => Actor.Carrier(For(carrierId));
}
