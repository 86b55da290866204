using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ReferralFunctions.Http;

/// <summary>
/// RFC 9457 problem details with stable <c>type</c> URIs. Invalid fields are listed under <c>errors</c> as
/// <c>{ path, message }</c>. Never a stack trace, never a submitted value.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:referrals:problem:";

    public const string ProblemContentType = "application/problem+json";

    public static IResult Create(HttpContext context, int status, string type, string title, string? detail = null, IReadOnlyList<FieldError>? errors = null, IDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + type,
            Title = title,
            Detail = detail,
            Instance = context.Request.Path,
        };
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }

        problem.Extensions["traceId"] = TraceId(context);

        // A problem may describe referral data (which fields were wrong): never cached, as every API answer.
        context.Response.Headers.CacheControl = "no-store";
        SecurityEvents.Record(context, status, type);
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }
        }

        // Written as JSON rather than through Results.Problem: a host's problem-details service (the local host has one)
        // would replace traceId with its own rule, and both hosts must answer alike.
        return Results.Json(problem, (System.Text.Json.JsonSerializerOptions?)null, ProblemContentType, status);
    }

    /// <summary>
    /// The W3C trace id of the current <see cref="Activity"/> (what the logs and Application Insights correlate on),
    /// else the server's own request id.
    /// </summary>
    public static string TraceId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : context.TraceIdentifier;
    }

    public static IResult Unauthorized(HttpContext context, string detail) => Create(
        context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "The request is not signed by a known carrier.", detail,
        headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "CarrierSignature realm=\"referrals\", version=\"v1\"" });

    public static IResult StaffUnauthorized(HttpContext context) => Create(
        context, StatusCodes.Status401Unauthorized, ProblemTypes.StaffUnauthorized, "A valid staff bearer token is required.", null,
        headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" });

    /// <summary>
    /// 401 for a token whose sign-in was too weak: with an authentication context, the <c>WWW-Authenticate</c> header
    /// carries Entra ID's claims challenge (<c>error="insufficient_claims"</c>, as MSAL clients expect) that makes the
    /// client sign the person in again under the Conditional Access policy.
    /// </summary>
    public static IResult StaffStepUpRequired(HttpContext context, string? authenticationContext)
    {
        var challenge = "Bearer error=\"insufficient_claims\"";
        if (authenticationContext is not null)
        {
            var claims = "{\"access_token\":{\"acrs\":{\"essential\":true,\"value\":\"" + authenticationContext + "\"}}}";
            challenge += ", claims=\"" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(claims)) + "\"";
        }

        return Create(
            context, StatusCodes.Status401Unauthorized, ProblemTypes.StaffStepUpRequired, "A stronger sign-in is required.",
            "Sign in again with multi-factor authentication; the token's sign-in does not meet this API's Conditional Access policy.",
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = challenge });
    }

    public static IResult Forbidden(HttpContext context, string role) => Create(
        context, StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Your role does not allow this.", $"This needs the {role} role.");

    /// <summary>503: storage or the durable engine is unreachable; nothing was done that a retry would repeat.</summary>
    public static IResult Unavailable(HttpContext context, TimeSpan retryAfter, string? detail = null) => Create(
        context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The service is briefly unavailable.",
        detail ?? "Storage or the workflow engine did not answer in time. Retry after the time given in Retry-After; a retry with the same Idempotency-Key or decisionId is safe.",
        headers: new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>428: a decision must carry the referral's ETag.</summary>
    public static IResult IfMatchRequired(HttpContext context) => Create(
        context, StatusCodes.Status428PreconditionRequired, ProblemTypes.IfMatchRequired, "If-Match is required.",
        "Send the referral's current ETag (from GET) in If-Match.", [new FieldError("If-Match", "is required")]);

    /// <summary>412: the referral changed since the caller read it, so two people cannot both decide one step.</summary>
    public static IResult StaleETag(HttpContext context) => Create(
        context, StatusCodes.Status412PreconditionFailed, ProblemTypes.StaleEtag, "The referral has changed since you read it.",
        "Read the referral again and decide on its current state.");

    /// <summary>403: the request came over plain HTTP; what it carried (a signature, a token) crossed the network in clear.</summary>
    public static IResult HttpsRequired(HttpContext context) => Create(
        context, StatusCodes.Status403Forbidden, TransportSecurity.HttpsRequiredType, "HTTPS is required.",
        "This API answers over HTTPS only. The request was not processed; treat any credential it carried as exposed.");

    public static IResult NotFound(HttpContext context) => Create(
        context, StatusCodes.Status404NotFound, ProblemTypes.NotFound, "No such referral.", "No referral with this reference exists for this carrier.");
}

/// <summary>One invalid field: its JSON path (or header name) and what is wrong with it.</summary>
public sealed record FieldError(string Path, string Message);
