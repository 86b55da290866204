using Microsoft.AspNetCore.Diagnostics;
using ReferralFunctions.Http;

namespace ReferralFunctions.LocalHost;

/// <summary>Any other unhandled error: the shared internal-error problem (<see cref="InternalErrors"/>).</summary>
internal sealed class InternalErrorExceptionHandler(ILogger<InternalErrorExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        await InternalErrors.WriteAsync(httpContext, exception, logger).ConfigureAwait(false);
}
