using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReferralFunctions.Http;

/// <summary>
/// What a client gets when a handler fails unexpectedly, the same from both hosts: a problem+json 500 of type
/// <c>urn:referrals:problem:internal</c> with the trace id, and nothing of the exception (its text may hold anything).
/// The exception itself goes to the log, under the same trace id.
/// </summary>
public static partial class InternalErrors
{
    public const string ProblemType = ProblemTypes.Internal;

    /// <summary>Logs <paramref name="exception"/> and answers the problem, unless the answer has already started.</summary>
    /// <returns>Whether the problem was written.</returns>
    public static async Task<bool> WriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        Log.Unhandled(logger, context.Request.Method, context.Request.Path, Problems.TraceId(context), exception);
        if (context.Response.HasStarted)
        {
            return false;
        }

        // Headers a handler set before it failed (an ETag, a Location) describe an answer that was never given.
        context.Response.Clear();
        await Problem(context).ExecuteAsync(context).ConfigureAwait(false);
        return true;
    }

    /// <summary>The problem alone, for a host that logs elsewhere.</summary>
    public static IResult Problem(HttpContext context) => Problems.Create(
        context, StatusCodes.Status500InternalServerError, ProblemType, "The request failed on our side.",
        "Nothing in the request caused this. Try again later; quote the traceId when reporting it.");

    private static partial class Log
    {
        [LoggerMessage(EventId = 1701, Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Path} (trace {TraceId})")]
        public static partial void Unhandled(ILogger logger, string method, PathString path, string traceId, Exception exception);
    }
}
