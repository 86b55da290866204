using System.Net.Sockets;
using Azure;
using Grpc.Core;

namespace ReferralFunctions.Http;

/// <summary>
/// Tells a failure of storage or the durable engine to answer (an outage: 503, try again) from everything else (a bug:
/// 500). Only transport failures and the server-side statuses that mean "not now" count as unavailable.
/// </summary>
public static class Unavailability
{
    /// <summary>
    /// True when <paramref name="exception"/> means storage or the engine could not be reached or did not answer in
    /// time. A cancellation counts only when the caller is still there (<paramref name="callerGone"/> false): then it
    /// is the request's deadline or the SDK's network timeout, not a caller that went away.
    /// </summary>
    public static bool IsUnavailable(Exception exception, bool callerGone = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            // The Azure SDK throws this when every retry failed with an exception: unavailable if each one was.
            AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => IsUnavailable(e, callerGone)),
            // Status 0: no HTTP answer at all (refused, reset, DNS, timeout); the others are the service saying "not now".
            RequestFailedException failed => failed.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
            RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
                || (rpc.StatusCode == StatusCode.Cancelled && !callerGone),
            HttpRequestException http => http.StatusCode is null || (int)http.StatusCode.Value >= 500,
            SocketException => true,
            TimeoutException => true,
            OperationCanceledException => !callerGone,
            IOException io when io.InnerException is not null => IsUnavailable(io.InnerException, callerGone),
            _ => false,
        };
    }
}
