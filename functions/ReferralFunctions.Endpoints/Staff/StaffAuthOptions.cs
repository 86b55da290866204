namespace ReferralFunctions.Staff;

/// <summary>
/// Staff authentication (section "StaffAuth"). In Azure, <see cref="Authority"/> is the Entra ID v2 authority and
/// <see cref="Audience"/> the API's app id URI. Without an authority the system runs in local development mode:
/// tokens signed (HS256) with <see cref="DevelopmentSigningKey"/> by issuer <see cref="DevelopmentIssuer"/>.
/// </summary>
public sealed class StaffAuthOptions
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
}
