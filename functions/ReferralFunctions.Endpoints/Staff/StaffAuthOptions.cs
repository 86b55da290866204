using ReferralFunctions.Configuration;

namespace ReferralFunctions.Staff;

/// <summary>
/// Staff authentication (section "StaffAuth"). In Azure, <see cref="Authority"/> is the Entra ID v2 authority and
/// <see cref="Audience"/> the API's app id URI. Without an authority the system runs in local development mode:
/// tokens signed (HS256) with <see cref="DevelopmentSigningKey"/> by issuer <see cref="DevelopmentIssuer"/>.
/// </summary>
public sealed class StaffAuthOptions : IValidatedOptions
{
    public const string SectionName = "StaffAuth";
    public const string DevelopmentIssuer = "referrals-local-development";
    public const string DevelopmentAudience = "referrals-api";

    /// <summary>For local development only: anyone who knows it can mint staff tokens. Never set in Azure.</summary>
    public const string DefaultDevelopmentSigningKey = "local-development-staff-signing-key-not-for-production-0123456789";

    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public string DevelopmentSigningKey { get; set; } = DefaultDevelopmentSigningKey;

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsDevelopment => string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> Problems()
    {
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            yield return $"{SectionName}:ClockSkew must be between 0 and 00:05:00.";
        }

        if (!IsDevelopment)
        {
            if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
            {
                yield return $"{SectionName}:Authority must be an absolute https URL.";
            }

            if (string.IsNullOrWhiteSpace(Audience))
            {
                yield return $"{SectionName}:Audience is required with {SectionName}:Authority.";
            }
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(DevelopmentSigningKey ?? "") < 32)
        {
            yield return $"{SectionName}:DevelopmentSigningKey must be at least 32 bytes (HS256).";
        }
    }
}
