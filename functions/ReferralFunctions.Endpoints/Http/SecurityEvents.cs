using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReferralFunctions.Http;

/// <summary>
/// Security events (ASVS 16.3): every refused request (401, 403, 404, 412, 429 and four-eyes refusals) is logged with
/// its actor, route and outcome, never with confidential content. The actor is who the request proved to be: a staff
/// member's user id, or a carrier by its referrer pseudonym (never its id); "anonymous" when it proved nothing.
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

    /// <summary>Logs the answer as a security event when it is a refusal.</summary>
    internal static void Record(HttpContext context, int status, string problemType)
    {
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound
            or StatusCodes.Status412PreconditionFailed or StatusCodes.Status429TooManyRequests))
        {
            return;
        }

        var logger = context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(SecurityEvents).FullName!);
        if (logger is not null)
        {
            var actor = context.Items.TryGetValue(ActorItem, out var a) && a is string s ? s : "anonymous";
            Log.Refused(logger, context.Request.Method, context.Request.Path, status, problemType, actor, Problems.TraceId(context));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Security event: {Method} {Path} refused {Status} {ProblemType} for {Actor} (trace {TraceId})")]
        public static partial void Refused(ILogger logger, string method, PathString path, int status, string problemType, string actor, string traceId);
    }
}
