using ReferralFunctions.Configuration;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ReferralFunctions.Staff;

/// <summary>
/// Checks a staff request's <c>Authorization: Bearer</c> token (Entra ID in Azure, the development key locally) and
/// its <c>roles</c>. The shared handlers call it: the Functions trigger pipeline has no ASP.NET authentication.
/// A carrier's signature headers never count as staff credentials. Tokens are never logged.
/// </summary>
public sealed partial class StaffAuthenticator
{
    private readonly StaffAuthOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<StaffAuthenticator> logger;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly Lazy<ConfigurationManager<OpenIdConnectConfiguration>?> entra;

    public StaffAuthenticator(IOptions<StaffAuthOptions> options, TimeProvider time, ILogger<StaffAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        entra = new(() => this.options.IsDevelopment
            ? null
            : new ConfigurationManager<OpenIdConnectConfiguration>(
                this.options.Authority!.TrimEnd('/') + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = true }));
    }

    public async Task<StaffAuthentication> AuthenticateAsync(HttpRequest request, string requiredRole, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            Log.Refused(logger, StaffAuthFailure.MissingToken);
            return new StaffAuthentication(null, StaffAuthFailure.MissingToken, requiredRole);
        }

        if (options.IsDevelopment && RunsInAzure())
        {
            // The development key is public: in Azure without an Entra authority no staff token can be trusted.
            Log.DevelopmentKeyInAzure(logger);
            return new StaffAuthentication(null, StaffAuthFailure.InvalidToken, requiredRole);
        }

        var parameters = await ParametersAsync(cancellationToken).ConfigureAwait(false);
        var result = await handler.ValidateTokenAsync(header[7..].Trim(), parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            Log.Refused(logger, StaffAuthFailure.InvalidToken);
            return new StaffAuthentication(null, StaffAuthFailure.InvalidToken, requiredRole);
        }

        var identity = result.ClaimsIdentity;
        var roles = identity.FindAll("roles").Select(c => c.Value).ToArray();
        var user = new StaffUser(
            identity.FindFirst("oid")?.Value ?? identity.FindFirst("sub")?.Value ?? "",
            identity.FindFirst("name")?.Value ?? identity.FindFirst("preferred_username")?.Value ?? "",
            roles);
        if (user.UserId.Length == 0)
        {
            Log.Refused(logger, StaffAuthFailure.InvalidToken);
            return new StaffAuthentication(null, StaffAuthFailure.InvalidToken, requiredRole);
        }

        if (!user.IsIn(requiredRole))
        {
            Log.Refused(logger, StaffAuthFailure.MissingRole);
            return new StaffAuthentication(user, StaffAuthFailure.MissingRole, requiredRole);
        }

        return new StaffAuthentication(user, StaffAuthFailure.None, requiredRole);
    }

    /// <summary>App Service and Functions set WEBSITE_INSTANCE_ID on every instance.</summary>
    internal static bool RunsInAzure() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"));

    private async Task<TokenValidationParameters> ParametersAsync(CancellationToken cancellationToken)
    {
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = options.ClockSkew,
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value - p.ClockSkew <= now) && expires is not null && now < expires.Value + p.ClockSkew;
            },
        };
        if (options.IsDevelopment)
        {
            parameters.ValidIssuer = StaffAuthOptions.DevelopmentIssuer;
            parameters.ValidAudience = StaffAuthOptions.DevelopmentAudience;
            parameters.IssuerSigningKey = DevelopmentTokenIssuer.Key(options);
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            var configuration = await entra.Value!.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            parameters.ValidIssuer = configuration.Issuer;
            parameters.ValidAudience = options.Audience;
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
        }

        return parameters;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Staff request refused: {Failure}")]
        public static partial void Refused(ILogger logger, StaffAuthFailure failure);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Critical, Message = "Staff token refused: StaffAuth:Authority is not configured in Azure, so the public development key would be trusted")]
        public static partial void DevelopmentKeyInAzure(ILogger logger);
    }
}

/// <summary>Mints local development staff tokens that <see cref="StaffAuthenticator"/> accepts in development mode.</summary>
public static class DevelopmentTokenIssuer
{
    public static SymmetricSecurityKey Key(StaffAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.DevelopmentSigningKey));
    }

    public static string Issue(string userId, string name, IEnumerable<string> roles, TimeSpan lifetime, StaffAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsDevelopment)
        {
            throw new InvalidOperationException("Development tokens are only for local runs (no StaffAuth:Authority configured).");
        }

        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId,
            ["oid"] = userId,
            ["name"] = name,
            ["roles"] = roles.ToArray(),
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = StaffAuthOptions.DevelopmentIssuer,
            Audience = StaffAuthOptions.DevelopmentAudience,
            Claims = claims,
            NotBefore = now.AddSeconds(-5),
            IssuedAt = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key(options), SecurityAlgorithms.HmacSha256),
        });
    }
}

public static class StaffAuthServiceCollectionExtensions
{
    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services)
    {
        services.AddValidatedOptions<StaffAuthOptions>(StaffAuthOptions.SectionName);
        return services.AddSingleton<StaffAuthenticator>();
    }
}
