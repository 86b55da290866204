using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReferralFunctions.Http;

namespace ReferralFunctions.Health;

/// <summary>Turns one request to a dependency into a health result: an answer is healthy, a failure to serve is not.</summary>
internal static class DependencyProbe
{
    public static async Task<HealthCheckResult> RunAsync(Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && (Unavailability.IsUnavailable(ex) || ex is Azure.RequestFailedException or InvalidOperationException or Grpc.Core.RpcException))
        {
            // A health check answers, it does not throw. Only the exception's type is kept: its message may name addresses.
            return HealthCheckResult.Unhealthy(ex.GetType().Name);
        }
    }
}
