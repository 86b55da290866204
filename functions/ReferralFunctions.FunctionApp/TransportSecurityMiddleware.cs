using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using ReferralFunctions.Http;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// Runs the shared <see cref="TransportSecurity"/> before any HTTP function: a request that reached Azure's front end over
/// plain HTTP is answered here and its function never runs (no binding, no body read). Registered after the ASP.NET Core
/// integration, whose forwarded-headers step has by then set the request's scheme from the Functions host's
/// <c>X-Forwarded-Proto</c>. Other triggers pass straight through.
/// </summary>
internal sealed class TransportSecurityMiddleware(TransportSecurity transport) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http && await transport.AnsweredAsync(http).ConfigureAwait(false))
        {
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
