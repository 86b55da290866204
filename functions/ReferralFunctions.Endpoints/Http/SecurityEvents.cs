using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReferralFunctions.Http;

/// <summary>
/// Security events (ASVS 16.3): every refused request (400, 401, 403, 404, 412, 413, 415, 422, 429, four-eyes refusals) is logged with
/// its actor, route and outcome, never with confidential content. The actor is who the request proved to be: a staff
/// member's user id, or a carrier by its referrer pseudonym (never its id); "anonymous" when it proved nothing. Steps
/// towards the referrer's identity (reveals, disclosures) are logged too, as event 1902. In Azure both reach Log
/// Analytics (AppTraces) unsampled: host.json keeps traces out of sampling.
/// </summary>
public static partial class SecurityEvents
{
    private const string ActorItem = "referrals.actor";

    /// <summary>Remembers who the request proved to be, for any security event it ends in.</summary>
    public static void SetActor(HttpContext context, string actor)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ActorItem] = actor;
    }

    /// <summary>
    /// Logs the answer as a security event when it is a refusal: of who is asking (401, 403, 429), of what they may see
    /// (404), of a stale write (412), or of input that broke the rules (400, 413, 415, 422: ASVS 16.3.3). Only the
    /// problem type is logged, never the input. The path is logged as ASP.NET Core renders it, percent-encoded, so a
    /// line break sent in the URL cannot forge a log line.
    /// </summary>
    internal static void Record(HttpContext context, int status, string problemType)
    {
        if (status is not (StatusCodes.Status400BadRequest or StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
            or StatusCodes.Status404NotFound or StatusCodes.Status412PreconditionFailed or StatusCodes.Status413PayloadTooLarge
            or StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status422UnprocessableEntity or StatusCodes.Status429TooManyRequests))
        {
            return;
        }

        var logger = Logger(context);
        if (logger is not null)
        {
            Log.Refused(logger, context.Request.Method, context.Request.Path, status, problemType, Actor(context), Problems.TraceId(context));
        }
    }

    /// <summary>
    /// Logs a step towards the referrer's identity (a reveal inside Customs; a disclosure to an agency requested, approved
    /// or refused) with the route, the outcome and who took it. What was revealed is never logged.
    /// </summary>
    public static void RecordReferrerAccess(HttpContext context, string referralId, string outcome)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = Logger(context);
        if (logger is not null)
        {
            var actor = Actor(context);
            var traceId = Problems.TraceId(context);
            Log.ReferrerAccess(logger, context.Request.Method, context.Request.Path, outcome, actor, referralId, traceId);
        }
    }

    /// <summary>
    /// Logs a request whose credentials were proven (ASVS 16.3.1), with how: the scheme, and for staff tokens the sign-in
    /// strength the token shows. Failed attempts are the refusals <see cref="Record"/> logs.
    /// </summary>
    public static void RecordAuthenticated(HttpContext context, string scheme)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = Logger(context);
        if (logger is not null)
        {
            var actor = Actor(context);
            var traceId = Problems.TraceId(context);
            Log.Authenticated(logger, context.Request.Method, context.Request.Path, actor, scheme, traceId);
        }
    }

    /// <summary>The security event logger of the request's host, or null outside a host (no services).</summary>
    private static ILogger? Logger(HttpContext context) =>
        context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(SecurityEvents).FullName!);

    private static string Actor(HttpContext context) => context.Items.TryGetValue(ActorItem, out var a) && a is string s ? s : "anonymous";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1903, Level = LogLevel.Information, Message = "Security event: {Method} {Path} authenticated {Actor} by {Scheme} (trace {TraceId})")]
        public static partial void Authenticated(ILogger logger, string method, PathString path, string actor, string scheme, string traceId);

        [LoggerMessage(EventId = 1902, Level = LogLevel.Information, Message = "Security event: {Method} {Path} {Outcome} for {Actor} on referral {ReferralId} (trace {TraceId})")]
        public static partial void ReferrerAccess(ILogger logger, string method, PathString path, string outcome, string actor, string referralId, string traceId);

        [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Security event: {Method} {Path} refused {Status} {ProblemType} for {Actor} (trace {TraceId})")]
        public static partial void Refused(ILogger logger, string method, PathString path, int status, string problemType, string actor, string traceId);
    }
}
