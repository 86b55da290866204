using ReferralFunctions.Configuration;
using ReferralFunctions.Http;

namespace ReferralFunctions.Carriers;

/// <summary>Carrier request signing (section "CarrierAuth").</summary>
public sealed class CarrierAuthOptions : IValidatedOptions
{
    public const string SectionName = "CarrierAuth";

    /// <summary>How far a request's timestamp may be from now; also how long a nonce is remembered.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long secrets read from Key Vault are cached.</summary>
    public TimeSpan SecretCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two forced re-reads of one carrier's secrets.</summary>
    public TimeSpan SecretRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-carrier rate limit on signed requests (per host instance), counted after the signature verifies.</summary>
    public RequestRateLimit RateLimit { get; } = new() { PermitsPerMinute = 120, Burst = 60 };

    /// <summary>
    /// Per-client-address limit (per host instance), counted before any signature or secret work, so a flood of forged
    /// requests costs no HMAC and no Key Vault read.
    /// </summary>
    public RequestRateLimit AddressRateLimit { get; } = new() { PermitsPerMinute = 600, Burst = 120 };

    /// <summary>Secrets of carriers known locally (no Key Vault), by carrier id.</summary>
    public Dictionary<string, LocalCarrier> Carriers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Problems() =>
        OptionRules.Positive("CarrierAuth:ClockSkew", ClockSkew, TimeSpan.FromHours(1))
            .Concat(OptionRules.Positive("CarrierAuth:SecretCacheDuration", SecretCacheDuration, TimeSpan.FromDays(1)))
            .Concat(SecretRefreshInterval < TimeSpan.Zero || SecretRefreshInterval > TimeSpan.FromHours(1)
                ? ["CarrierAuth:SecretRefreshInterval must be between 0 and 01:00:00."]
                : [])
            .Concat(RateLimit.Problems(SectionName + ":RateLimit"))
            .Concat(AddressRateLimit.Problems(SectionName + ":AddressRateLimit"))
            .Concat(Carriers.SelectMany(c => c.Value.Problems($"{SectionName}:Carriers:{c.Key}")));
}

/// <summary>A carrier configured locally.</summary>
public sealed class LocalCarrier
{
    public string Secret { get; set; } = "";

    public string? PreviousSecret { get; set; }

    /// <summary>What is wrong with this carrier's secrets, naming the settings and never their values.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (string.IsNullOrWhiteSpace(Secret))
        {
            yield return $"{section}:Secret is required.";
        }
        else if (!CarrierSecrets.LongEnough(Secret))
        {
            yield return TooShort(section + ":Secret");
        }

        if (PreviousSecret is { Length: > 0 } && !CarrierSecrets.LongEnough(PreviousSecret))
        {
            yield return TooShort(section + ":PreviousSecret");
        }
    }

    private static string TooShort(string setting) =>
        $"{setting} must be at least {CarrierSecrets.MinimumBytes} bytes of UTF-8 text (create 32 random bytes, base64).";
}
