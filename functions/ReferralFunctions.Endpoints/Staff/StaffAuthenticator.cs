using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ReferralFunctions.Audit;
using ReferralFunctions.Configuration;
using ReferralFunctions.Http;

namespace ReferralFunctions.Staff;

/// <summary>
/// Checks a staff request's <c>Authorization: Bearer</c> token (Entra ID in Azure, the development key locally) and
/// its <c>roles</c>. The shared handlers call it: the Functions trigger pipeline has no ASP.NET authentication.
/// With an authority, signing keys and issuers come from the tenant's v1 and v2 OpenID metadata (fetched and cached
/// by <see cref="ConfigurationManager{T}"/>), RS256 only, and only delegated tokens carrying the API's scope
/// (<see cref="StaffAuthOptions.Scope"/>): app-only tokens are refused, because every staff action is a person's and the
/// four-eyes rules compare people. A carrier's signature headers never count as staff credentials. Tokens are never logged.
/// </summary>
public sealed partial class StaffAuthenticator
{
    private readonly StaffAuthOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<StaffAuthenticator> logger;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly Lazy<IReadOnlyList<ConfigurationManager<OpenIdConnectConfiguration>>> entra;
    private readonly PartitionedRateLimiter<string> limiter;

    /// <summary>
    /// Fetches the tenant's metadata and keys without following redirects (ASVS 15.3.2): the documents live at the
    /// addresses configured, and a redirect elsewhere is a failure to read them, not a new source of signing keys.
    /// </summary>
    private static readonly HttpClient MetadataClient = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(15),
    });

    public StaffAuthenticator(IOptions<StaffAuthOptions> options, TimeProvider time, ILogger<StaffAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        limiter = this.options.RateLimit.CreateLimiter();
        entra = new(() => this.options.MetadataAddresses
            .Select(address => new ConfigurationManager<OpenIdConnectConfiguration>(
                address,
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(MetadataClient) { RequireHttps = this.options.RequireHttpsMetadata }))
            .ToArray());
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
        if (parameters is null)
        {
            return new StaffAuthentication(null, StaffAuthFailure.KeysUnavailable, requiredRole);
        }

        var result = await handler.ValidateTokenAsync(header[7..].Trim(), parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            // The exception's type says which check failed (issuer, audience, lifetime, signature); its message may
            // quote the token's claims, so it is not logged.
            var reason = result.Exception?.GetType().Name ?? "unknown";
            Log.InvalidToken(logger, reason);
            return new StaffAuthentication(null, StaffAuthFailure.InvalidToken, requiredRole);
        }

        var identity = result.ClaimsIdentity;
        if (!options.IsDevelopment && TokenTypeProblem(identity, options.Scope) is { } wrongType)
        {
            Log.InvalidToken(logger, wrongType);
            return new StaffAuthentication(null, StaffAuthFailure.InvalidToken, requiredRole);
        }

        if (!options.IsDevelopment && StepUpProblem(identity, options) is { } weakSignIn)
        {
            Log.InvalidToken(logger, weakSignIn);
            return new StaffAuthentication(null, StaffAuthFailure.StepUpRequired, requiredRole) { AuthenticationContext = options.AuthenticationContext };
        }

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

        SecurityEvents.SetActor(request.HttpContext, Actor.Staff(user.UserId));
        SecurityEvents.RecordAuthenticated(request.HttpContext, SignInDescription(identity, options));

        // Counted per user once the token is valid (a forged token cannot spend someone else's allowance), and before
        // the role check, so requests refused for a missing role count too.
        using (var lease = limiter.AttemptAcquire(user.UserId))
        {
            if (!lease.IsAcquired)
            {
                Log.Refused(logger, StaffAuthFailure.RateLimited);
                return new StaffAuthentication(user, StaffAuthFailure.RateLimited, requiredRole) { RetryAfter = RequestRateLimit.RetryAfter(lease) };
            }
        }

        if (!user.IsIn(requiredRole))
        {
            Log.Refused(logger, StaffAuthFailure.MissingRole);
            return new StaffAuthentication(user, StaffAuthFailure.MissingRole, requiredRole);
        }

        return new StaffAuthentication(user, StaffAuthFailure.None, requiredRole);
    }

    /// <summary>
    /// Why a valid Entra token is not a person's token for this API, or null. An app-only token (client credentials) has
    /// no <c>scp</c>, only <c>roles</c>, and v2 tokens may say so in <c>idtyp</c>; a delegated token must carry the API's
    /// scope. Development tokens are not checked: no authorization server issues them, and Azure refuses them.
    /// </summary>
    internal static string? TokenTypeProblem(System.Security.Claims.ClaimsIdentity identity, string scope)
    {
        if (string.Equals(identity.FindFirst("idtyp")?.Value, "app", StringComparison.OrdinalIgnoreCase))
        {
            return "AppOnlyToken: idtyp=app";
        }

        var scopes = identity.FindAll("scp").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        if (scopes.Length == 0)
        {
            return "AppOnlyToken: no scp";
        }

        return scopes.Contains(scope.Trim(), StringComparer.Ordinal) ? null : "MissingScope";
    }

    /// <summary>
    /// Why a person's token does not show the sign-in strength this API is configured to require, or null: the
    /// Conditional Access authentication context in <c>acrs</c>, and multi-factor sign-in in <c>amr</c>.
    /// </summary>
    internal static string? StepUpProblem(System.Security.Claims.ClaimsIdentity identity, StaffAuthOptions options)
    {
        if (options.AuthenticationContext is { } context
            && !identity.FindAll("acrs").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(context, StringComparer.Ordinal))
        {
            return "MissingAuthenticationContext";
        }

        if (options.RequireMfa && !identity.FindAll("amr").Any(c => string.Equals(c.Value, "mfa", StringComparison.Ordinal)))
        {
            return "MissingMfa";
        }

        return null;
    }

    /// <summary>How the token was issued, for the sign-in security event: its version, and the sign-in strength it shows.</summary>
    private static string SignInDescription(System.Security.Claims.ClaimsIdentity identity, StaffAuthOptions options)
    {
        if (options.IsDevelopment)
        {
            return "development token";
        }

        var version = identity.FindFirst("ver")?.Value ?? "?";
        var acrs = string.Join(' ', identity.FindAll("acrs").Select(c => c.Value));
        var amr = string.Join(' ', identity.FindAll("amr").Select(c => c.Value));
        return $"Entra token v{version} (acrs: {(acrs.Length == 0 ? "none" : acrs)}; amr: {(amr.Length == 0 ? "none" : amr)})";
    }

    /// <summary>App Service and Functions set WEBSITE_INSTANCE_ID on every instance.</summary>
    internal static bool RunsInAzure() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"));

    /// <summary>The checks a token must pass; null when the tenant's metadata cannot be read.</summary>
    private async Task<TokenValidationParameters?> ParametersAsync(CancellationToken cancellationToken)
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

            // Only to read the time from the injected clock: TokenValidationParameters.TimeProvider is internal in
            // Microsoft.IdentityModel.Tokens 8.23.0 (the newest served), so the library's own check cannot be given it.
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
            var configurations = new List<OpenIdConnectConfiguration>();
            foreach (var manager in entra.Value)
            {
                try
                {
                    configurations.Add(await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false));
                }
                catch (InvalidOperationException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // IDX20803: the document or its keys could not be fetched or parsed; the manager retries on the
                    // next request. Without both documents the accepted issuers would be a guess.
                    Log.MetadataUnavailable(logger, manager.MetadataAddress, ex);
                    return null;
                }
            }

            parameters.ValidIssuers = configurations.Select(c => c.Issuer).Where(i => !string.IsNullOrEmpty(i)).Distinct(StringComparer.Ordinal).ToArray();
            parameters.ValidAudiences = options.ValidAudiences;
            parameters.IssuerSigningKeys = configurations.SelectMany(c => c.SigningKeys).ToArray();
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

        [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Staff tokens cannot be checked: the OpenID metadata at {MetadataAddress} could not be read")]
        public static partial void MetadataUnavailable(ILogger logger, string metadataAddress, Exception exception);

        [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Staff request refused: InvalidToken ({Reason})")]
        public static partial void InvalidToken(ILogger logger, string reason);
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
