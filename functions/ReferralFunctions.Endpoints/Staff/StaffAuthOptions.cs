using ReferralFunctions.Configuration;
using ReferralFunctions.Http;

namespace ReferralFunctions.Staff;

/// <summary>
/// Staff authentication (section "StaffAuth"). In Azure, <see cref="Authority"/> is the tenant's Entra ID authority
/// (<c>https://login.microsoftonline.com/{tenant}/v2.0</c>), <see cref="Audience"/> the API's application id URI and
/// <see cref="ClientId"/> its application (client) id: a token for either audience is accepted. Without an authority
/// the system runs in local development mode: tokens signed (HS256) with <see cref="DevelopmentSigningKey"/> by issuer
/// <see cref="DevelopmentIssuer"/>.
/// </summary>
public sealed partial class StaffAuthOptions : IValidatedOptions
{
    public const string SectionName = "StaffAuth";
    public const string DevelopmentIssuer = "referrals-local-development";
    public const string DevelopmentAudience = "referrals-api";

    /// <summary>For local development only: anyone who knows it can mint staff tokens. Never set in Azure.</summary>
    public const string DefaultDevelopmentSigningKey = "local-development-staff-signing-key-not-for-production-0123456789";

    private const string V2Suffix = "/v2.0";
    private const string Metadata = "/.well-known/openid-configuration";

    public string? Authority { get; set; }

    /// <summary>The API's application id URI (<c>api://…</c>): the audience of v1 tokens.</summary>
    public string? Audience { get; set; }

    /// <summary>The API's application (client) id: the audience of v2 tokens.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The delegated scope the API exposes (infra/entra/staff-api.json): an Entra token must carry it in <c>scp</c>.
    /// Tokens without <c>scp</c> are app-only and refused: staff routes act for a person.
    /// </summary>
    public string Scope { get; set; } = DefaultScope;

    public const string DefaultScope = "Referrals.Access";

    /// <summary>
    /// The Conditional Access authentication context (e.g. <c>c1</c>) whose policy requires multi-factor sign-in for this
    /// API (docs/security.md, "Staff sign-in"). When set, an Entra token must list it in <c>acrs</c>; one that does not is
    /// answered 401 with a claims challenge naming it, so the client signs in again and meets the policy.
    /// </summary>
    public string? RequiredAuthenticationContext { get; set; }

    /// <summary>
    /// When true, an Entra token must say in <c>amr</c> that the person signed in with more than one factor
    /// (<c>mfa</c>). Entra puts <c>amr</c> in v1 access tokens; prefer <see cref="RequiredAuthenticationContext"/>, which
    /// works for both versions.
    /// </summary>
    public bool RequireMfa { get; set; }

    /// <summary><see cref="RequiredAuthenticationContext"/> trimmed, or null when not configured.</summary>
    public string? AuthenticationContext => string.IsNullOrWhiteSpace(RequiredAuthenticationContext) ? null : RequiredAuthenticationContext.Trim();

    public string DevelopmentSigningKey { get; set; } = DefaultDevelopmentSigningKey;

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per staff user (token subject) limit on staff requests, per host instance, counted once the token is valid.</summary>
    public RequestRateLimit RateLimit { get; } = new() { PermitsPerMinute = 300, Burst = 100 };

    public bool IsDevelopment => string.IsNullOrWhiteSpace(Authority);

    /// <summary>Audiences a token may carry: the application id URI and the client id.</summary>
    public IReadOnlyList<string> ValidAudiences =>
        new[] { Audience, ClientId }.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The tenant's OpenID metadata documents: Entra ID publishes the v1 issuer (<c>https://sts.windows.net/{tenant}/</c>)
    /// at the tenant authority and the v2 issuer under <c>/v2.0</c>. Which one a token carries depends on the app
    /// registration's <c>accessTokenAcceptedVersion</c>, so both are read and only their issuers are accepted.
    /// </summary>
    public IReadOnlyList<string> MetadataAddresses
    {
        get
        {
            if (IsDevelopment)
            {
                return [];
            }

            var authority = Authority!.Trim().TrimEnd('/');
            var tenant = authority.EndsWith(V2Suffix, StringComparison.OrdinalIgnoreCase) ? authority[..^V2Suffix.Length] : authority;
            return [tenant + V2Suffix + Metadata, tenant + Metadata];
        }
    }

    /// <summary>
    /// Metadata must come over https, except from this machine (a local identity provider, as the tests run; Azure
    /// refuses a loopback authority at start).
    /// </summary>
    public bool RequireHttpsMetadata => !(Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);

    public IEnumerable<string> Problems()
    {
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            yield return $"{SectionName}:ClockSkew must be between 0 and 00:05:00.";
        }

        foreach (var problem in RateLimit.Problems(SectionName + ":RateLimit"))
        {
            yield return problem;
        }

        if (!IsDevelopment)
        {
            if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority)
                || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
            {
                yield return $"{SectionName}:Authority must be an absolute https URL.";
            }

            if (string.IsNullOrWhiteSpace(Audience))
            {
                yield return $"{SectionName}:Audience (the API's application id URI) is required with {SectionName}:Authority.";
            }

            if (string.IsNullOrWhiteSpace(Scope) || Scope.Trim().Contains(' ', StringComparison.Ordinal))
            {
                yield return $"{SectionName}:Scope must name the one delegated scope the API exposes.";
            }

            if (AuthenticationContext is { } context && !AuthenticationContextPattern().IsMatch(context))
            {
                yield return $"{SectionName}:RequiredAuthenticationContext must be an authentication context id, c1 to c99.";
            }

            if (!Guid.TryParse(ClientId, out var clientId) || clientId == Guid.Empty)
            {
                yield return $"{SectionName}:ClientId (the API's application id, a GUID) is required with {SectionName}:Authority.";
            }
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(DevelopmentSigningKey ?? "") < 32)
        {
            yield return $"{SectionName}:DevelopmentSigningKey must be at least 32 bytes (HS256).";
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^c([1-9]|[1-9][0-9])$")]
    private static partial System.Text.RegularExpressions.Regex AuthenticationContextPattern();
}
