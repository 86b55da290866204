using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// A stand-in for one Entra ID tenant, served over real HTTP on 127.0.0.1 (Kestrel): the tenant's v1 and v2 OpenID
/// metadata, shaped and addressed as Entra publishes them (v1 issuer <c>https://sts.windows.net/{tid}/</c> at the
/// tenant authority, v2 issuer <c>https://login.microsoftonline.com/{tid}/v2.0</c> under <c>/v2.0</c>), each with its
/// own <c>jwks_uri</c>; and RS256 access tokens of either version signed with the published key.
/// </summary>
public sealed class LocalOpenIdProvider : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RsaSecurityKey signingKey;
    private int metadataRequests;
    private int keyRequests;

    private LocalOpenIdProvider(WebApplication app, RsaSecurityKey signingKey, string tenantId)
    {
        this.app = app;
        this.signingKey = signingKey;
        TenantId = tenantId;
    }

    public string TenantId { get; }

    /// <summary>The tenant's authority as the Function App is configured with it (the v2 form).</summary>
    public string Authority => $"{BaseAddress}{TenantId}/v2.0";

    public Uri BaseAddress { get; private set; } = null!;

    public static string V1Issuer(string tenantId) => $"https://sts.windows.net/{tenantId}/";

    public static string V2Issuer(string tenantId) => $"https://login.microsoftonline.com/{tenantId}/v2.0";

    /// <summary>Requests for a metadata document and for a key set: proof the host discovered the keys itself.</summary>
    public int MetadataRequests => Volatile.Read(ref metadataRequests);

    public int KeyRequests => Volatile.Read(ref keyRequests);

    public static async Task<LocalOpenIdProvider> StartAsync(string tenantId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "local-" + Guid.NewGuid().ToString("N")[..8] };
        var provider = new LocalOpenIdProvider(app, key, tenantId);

        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) =>
            provider.Metadata(tenant, V2Issuer(tenant), $"{tenant}/discovery/v2.0/keys"));
        app.MapGet("/{tenant}/.well-known/openid-configuration", (string tenant) =>
            provider.Metadata(tenant, V1Issuer(tenant), "common/discovery/keys"));
        app.MapGet("/{tenant}/discovery/v2.0/keys", provider.Keys);
        app.MapGet("/common/discovery/keys", provider.Keys);

        // The same documents one redirect away: an authority under /moved/ is answered 302 to the real address.
        app.MapGet("/moved/{**rest}", (string rest) => Results.Redirect("/" + rest));

        await app.StartAsync();
        provider.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return provider;
    }

    /// <summary>
    /// An access token shaped as Entra issues it for the given version: delegated (a person's, with <c>scp</c>
    /// <paramref name="scope"/>) or, with <paramref name="appOnly"/>, a client-credentials token (no <c>scp</c>, the
    /// app's own <c>oid</c> as subject, and <c>idtyp=app</c> when the optional claim is configured).
    /// </summary>
    public string Token(
        TokenVersion version,
        string audience,
        IEnumerable<string> roles,
        string? tenantId = null,
        DateTime? expires = null,
        SecurityKey? key = null,
        string userId = "7d5c1f8e-2a3b-4c4d-9e5f-60718293a4b5",
        string name = "Ana Lyst",
        string? scope = "Referrals.Access",
        bool appOnly = false,
        bool idtyp = true,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var tenant = tenantId ?? TenantId;
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["oid"] = userId,
            ["sub"] = "s-" + userId,
            ["tid"] = tenant,
            ["name"] = name,
            ["roles"] = roles.ToArray(),
        };
        if (appOnly)
        {
            claims["sub"] = userId;
            claims.Remove("name");
            if (idtyp)
            {
                claims["idtyp"] = "app";
            }
        }
        else if (scope is not null)
        {
            claims["scp"] = scope;
        }

        if (version == TokenVersion.V1)
        {
            claims["ver"] = "1.0";
            claims["upn"] = "ana.lyst@customs.example";
            claims["appid"] = "0a1b2c3d-0000-4000-8000-00000000c11e";
        }
        else
        {
            claims["ver"] = "2.0";
            claims["preferred_username"] = "ana.lyst@customs.example";
            claims["azp"] = "0a1b2c3d-0000-4000-8000-00000000c11e";
        }

        foreach (var (claim, value) in extraClaims ?? new Dictionary<string, object>())
        {
            claims[claim] = value;
        }

        var expiry = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = version == TokenVersion.V1 ? V1Issuer(tenant) : V2Issuer(tenant),
            Audience = audience,
            Claims = claims,
            IssuedAt = expiry.AddHours(-1).AddMinutes(-5),
            NotBefore = expiry.AddHours(-1).AddMinutes(-5),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key ?? signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private IResult Metadata(string tenant, string issuer, string keysPath)
    {
        Interlocked.Increment(ref metadataRequests);
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{BaseAddress}{keysPath}",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["tenant_region_scope"] = "OC",
        });
    }

    private IResult Keys()
    {
        Interlocked.Increment(ref keyRequests);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(signingKey);
        return Results.Json(new
        {
            keys = new[]
            {
                new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E },
            },
        });
    }
}

/// <summary>Entra's access token versions (the app registration's <c>accessTokenAcceptedVersion</c>).</summary>
public enum TokenVersion
{
    V1,
    V2,
}
