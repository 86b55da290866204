using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Http;

/// <summary>
/// Runs a route of <see cref="ApiRoutes.All"/> by name: what both hosts call (the Functions triggers with their route's
/// name; the local host for each route it maps). It is also the one place where an outage of storage or the durable
/// engine becomes 503 with <c>Retry-After</c>, within the request deadline.
/// </summary>
public sealed partial class ApiHandlers(IServiceProvider services, IOptions<ResilienceOptions> resilience, ILogger<ApiHandlers> logger)
{
    public async Task<IResult> HandleAsync(string route, HttpRequest request, string? reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = ApiRoutes.Find(route);

        // Every answer is JSON that may hold text a carrier or staff member typed; no browser may sniff it into HTML.
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";

        // Nor may any cache keep it: answers carry referral data, feedback and staff-only views (ASVS 14.3.2).
        request.HttpContext.Response.Headers.CacheControl = "no-store";

        // Every wait on storage or the engine ends at the deadline: a request is answered in time even when they are silent.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(found.Deadline == ApiDeadline.Report ? resilience.Value.ReportDeadline : resilience.Value.RequestDeadline);
        try
        {
            return await found.Handler(new ApiCall(found, request, reference ?? "", durable, services, deadline.Token)).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Unavailability.IsUnavailable(ex))
        {
            Log.Unavailable(logger, route, ex.GetType().Name, deadline.IsCancellationRequested);
            return Problems.Unavailable(request.HttpContext, resilience.Value.RetryAfter);
        }
    }

    private static partial class Log
    {
        // The exception's type only: its message may quote storage keys, which hold references and carrier ids.
        [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{Route} answered 503: storage or the durable engine is unavailable ({ExceptionType}, deadline reached: {DeadlineReached})")]
        public static partial void Unavailable(ILogger logger, string route, string exceptionType, bool deadlineReached);
    }
}
