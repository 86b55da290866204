using Microsoft.AspNetCore.Diagnostics;
using ReferralFunctions.Http;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// A request Kestrel finds malformed only while the handler reads its body (broken chunked framing, a body shorter than
/// its Content-Length) gets Kestrel's 4xx as problem details rather than a 500.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        Log.Refused(logger, bad.StatusCode);
        await Problems.Create(httpContext, bad.StatusCode, ProblemTypes.BadRequest, "The request is malformed.",
            "Its framing or body could not be read; nothing was stored.").ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9110, Level = LogLevel.Information, Message = "Malformed request refused with {Status} while its body was read")]
        public static partial void Refused(ILogger logger, int status);
    }
}
