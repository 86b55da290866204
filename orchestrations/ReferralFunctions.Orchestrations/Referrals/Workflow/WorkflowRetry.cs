using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// The one retry policy of every activity call in the referral workflow. Transient failures (storage, Service Bus,
/// Key Vault or the network unreachable, a timeout) are retried with exponential back-off for about nine minutes, long
/// enough to ride out an outage of several minutes. Anything else (a referral that no longer exists, a bug) fails at
/// once, so the workflow fails and the workflow health check reports it instead of it being retried for minutes.
/// Activities are idempotent, so a retry writes nothing twice and sends no second message.
/// </summary>
public static class WorkflowRetry
{
    /// <summary>Attempts in all, the first included: 2 + 4 + 8 + 16 + 32 + 60 × 7 s ≈ 8.7 minutes of waiting.</summary>
    public const int MaxAttempts = 13;

    public static readonly TimeSpan FirstRetryInterval = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MaxRetryInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Transient exception types by full name. A failure's type is matched by name first: the SDK's type check
    /// (<see cref="TaskFailureDetails.IsCausedBy{T}"/>) cannot load every type from its name alone.
    /// </summary>
    public static readonly IReadOnlyList<string> TransientErrorTypes =
    [
        "Azure.RequestFailedException",
        "Azure.Data.Tables.TableTransactionFailedException",
        "Azure.Messaging.ServiceBus.ServiceBusException",
        "Azure.Identity.AuthenticationFailedException",
        "Grpc.Core.RpcException",
        "System.Net.Http.HttpRequestException",
        "System.Net.Sockets.SocketException",
        "System.IO.IOException",
        "System.TimeoutException",
        "System.OperationCanceledException",
        "System.Threading.Tasks.TaskCanceledException",
    ];

    /// <summary>The options every activity call passes.</summary>
    public static readonly TaskOptions Activity = TaskOptions.FromRetryPolicy(new RetryPolicy(
        MaxAttempts,
        FirstRetryInterval,
        backoffCoefficient: 2,
        maxRetryInterval: MaxRetryInterval)
    {
        HandleFailure = IsTransient,
    });

    /// <summary>True when a failure (or its inner cause) is of a transient kind.</summary>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (TransientErrorTypes.Contains(f.ErrorType, StringComparer.Ordinal)
                || f.IsCausedBy<Azure.RequestFailedException>()
                || f.IsCausedBy<Azure.Messaging.ServiceBus.ServiceBusException>()
                || f.IsCausedBy<HttpRequestException>()
                || f.IsCausedBy<System.Net.Sockets.SocketException>()
                || f.IsCausedBy<IOException>()
                || f.IsCausedBy<TimeoutException>()
                || f.IsCausedBy<OperationCanceledException>())
            {
                return true;
            }
        }

        return false;
    }
}
