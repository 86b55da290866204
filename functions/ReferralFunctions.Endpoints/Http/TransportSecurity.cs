using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ReferralFunctions.Configuration;

namespace ReferralFunctions.Http;

/// <summary>
/// Transport rules behind Azure's front end (ASVS 4.1.1, 4.1.2, 3.4.1), run first on every request by both hosts:
/// <list type="bullet">
/// <item>an API request (<c>/api/…</c>) that reached the front end over plain HTTP is refused with 403
/// <c>https-required</c> before anything reads it. Not redirected: a client that sent a signature or a bearer token in
/// clear must learn so (and rotate it), not be silently sent round to repeat it over HTTPS;</item>
/// <item>any other path (pages) is redirected to HTTPS for GET and HEAD; other methods are refused like the API;</item>
/// <item>every HTTPS answer carries <c>Strict-Transport-Security</c>, so a browser never tries plain HTTP again.</item>
/// </list>
/// Locally (Kestrel on loopback, plain HTTP, no front end) none of this applies and no forwarded header is read.
/// </summary>
public sealed class TransportSecurity(IOptions<TransportOptions> options, IConfiguration configuration)
{
    /// <summary>Two years (above the one year HSTS preload lists ask for), this host and its subdomains.</summary>
    public const string StrictTransportSecurity = "max-age=63072000; includeSubDomains";

    public const string ForwardedProtoHeader = "X-Forwarded-Proto";

    public const string HttpsRequiredType = ProblemTypes.HttpsRequired;

    /// <summary>Whether the rules apply: behind Azure's front end (<see cref="TransportOptions.AzureFrontEnd"/>).</summary>
    public bool Enforced { get; } = options.Value.AzureFrontEnd ?? AzureConfigurationCheck.RunsInAzure(configuration);

    /// <summary>
    /// Applies the rules to <paramref name="context"/>. True when the request was answered here (refused or redirected)
    /// and must go no further; false when it goes on (an HTTPS answer then carries HSTS).
    /// </summary>
    public async Task<bool> AnsweredAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enforced)
        {
            return false;
        }

        var request = context.Request;
        if (string.Equals(OriginalScheme(request), Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            // On every answer, error pages and answers whose headers a handler cleared included.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.StrictTransportSecurity = StrictTransportSecurity;
                return Task.CompletedTask;
            });
            return false;
        }

        var api = request.Path.StartsWithSegments("/" + ApiRoutes.Prefix, StringComparison.OrdinalIgnoreCase);
        if (!api && request.Host.HasValue && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            // 308 keeps the method; Host is one of the app's own names (the front end routes on it).
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = UriHelper.BuildAbsolute(Uri.UriSchemeHttps, request.Host, request.PathBase, request.Path, request.QueryString);
            context.Response.Headers.CacheControl = "no-store";
            return true;
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        await Problems.HttpsRequired(context).ExecuteAsync(context).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The scheme the client used. Behind the front end the last hop's <c>X-Forwarded-Proto</c> decides: its rightmost
    /// value, the one the nearest proxy (the Functions host, which sets it from the front end's) wrote; a client's own
    /// value to its left is never believed. Without the header (the worker's ASP.NET Core integration has already
    /// applied it), the request's scheme. Anything but exactly <c>https</c> counts as plain HTTP.
    /// </summary>
    public static string OriginalScheme(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var forwarded = request.Headers[ForwardedProtoHeader];
        if (forwarded.Count == 0)
        {
            return request.Scheme;
        }

        var last = forwarded[^1] ?? "";
        var comma = last.LastIndexOf(',');
        return last[(comma + 1)..].Trim();
    }
}
