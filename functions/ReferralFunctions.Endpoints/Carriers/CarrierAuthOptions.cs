using ReferralFunctions.Configuration;

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

    /// <summary>Per-carrier rate limit on signed requests (per host instance).</summary>
    public CarrierRateLimit RateLimit { get; } = new();

    /// <summary>Secrets of carriers known locally (no Key Vault), by carrier id.</summary>
    public Dictionary<string, LocalCarrier> Carriers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Problems() =>
        OptionRules.Positive("CarrierAuth:ClockSkew", ClockSkew, TimeSpan.FromHours(1))
            .Concat(OptionRules.Positive("CarrierAuth:SecretCacheDuration", SecretCacheDuration, TimeSpan.FromDays(1)))
            .Concat(SecretRefreshInterval < TimeSpan.Zero || SecretRefreshInterval > TimeSpan.FromHours(1)
                ? ["CarrierAuth:SecretRefreshInterval must be between 0 and 01:00:00."]
                : [])
            .Concat(OptionRules.Between("CarrierAuth:RateLimit:PermitsPerMinute", RateLimit.PermitsPerMinute, 1, int.MaxValue))
            .Concat(OptionRules.Between("CarrierAuth:RateLimit:Burst", RateLimit.Burst, 1, int.MaxValue))
            .Concat(Carriers.SelectMany(c => OptionRules.Required($"CarrierAuth:Carriers:{c.Key}:Secret", c.Value.Secret)));
}

/// <summary>A carrier configured locally.</summary>
public sealed class LocalCarrier
{
    public string Secret { get; set; } = "";

    public string? PreviousSecret { get; set; }
}

/// <summary>A token bucket per carrier: <see cref="Burst"/> requests at once, refilled at <see cref="PermitsPerMinute"/>.</summary>
public sealed class CarrierRateLimit
{
    public int PermitsPerMinute { get; set; } = 120;

    public int Burst { get; set; } = 60;
}
