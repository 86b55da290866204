using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Http;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// An HTTP function that throws answers the shared internal-error problem (<see cref="InternalErrors"/>), as the local
/// host does, instead of the Functions host's bare 500. Other triggers' failures go on to the host (durable retries).
/// Registered after the ASP.NET Core integration, so it runs inside it and writes to the request's own response.
/// </summary>
internal sealed class InternalErrorMiddleware(ILogger<InternalErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (context.GetHttpContext() is not null)
        {
            // Written straight to the request's response; the failed function set no result for the integration to run.
            if (!await InternalErrors.WriteAsync(context.GetHttpContext()!, exception, logger).ConfigureAwait(false))
            {
                throw;
            }
        }
    }
}
