using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// The keyed look-up value of a carrier id (HMAC-SHA256 under <see cref="ConfidentialityOptions.CarrierLookupKey"/>, lower-case
/// hex): what storage keys and compares on instead of the id, so a copy of the tables does not tell which carrier referred.
/// Without the key (in Key Vault) nobody can test a guess of the id against it.
/// </summary>
public sealed class CarrierLookup(IOptions<ConfidentialityOptions> options)
{
    public string For(string carrierId) => Convert.ToHexStringLower(CarrierHmac.Compute(options.Value.CarrierLookupKey, "carrier-lookup", carrierId));

    /// <summary>Whether two look-up values are the same, in time that does not depend on where they differ.</summary>
    public static bool Same(string? stored, string? presented) =>
        stored is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(presented));
}
