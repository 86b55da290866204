using ReferralFunctions.Http;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// Until the durable engine dispatches work, the API answers 503 (with Retry-After) instead of accepting referrals whose
/// orchestrations could not run yet; <c>GET /api/health</c> so turns 200 only once everything is ready.
/// </summary>
public sealed class LocalHostReadiness
{
    private volatile bool ready;

    public bool IsReady => ready;

    public void MarkReady() => ready = true;

    /// <summary>The middleware holding API requests back until the host is ready.</summary>
    public sealed class Gate(RequestDelegate next, LocalHostReadiness readiness)
    {
        public Task InvokeAsync(HttpContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (readiness.IsReady || !context.Request.Path.StartsWithSegments("/" + ApiRoutes.Prefix, StringComparison.Ordinal))
            {
                return next(context);
            }

            return Problems.Create(
                context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.Starting, "The service is starting.",
                "Storage or the durable engine is not ready yet.",
                headers: new Dictionary<string, string> { ["Retry-After"] = "1" }).ExecuteAsync(context);
        }
    }
}
