using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReferralFunctions.Health;

/// <summary>The durable engine serves: a status query for an instance that need not exist.</summary>
public sealed class DurableEngineHealthCheck : IHealthCheck
{
    public const string Name = "durable";

    /// <summary>
    /// The client to ask. The Functions host hands a durable client to each invocation (its <c>[DurableClient]</c>
    /// binding), not to the container, so <see cref="HealthEndpoint"/> lends it for the one health request it serves.
    /// </summary>
    internal static AsyncLocal<DurableTaskClient?> Client { get; } = new();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Client.Value is { } durable
            ? DependencyProbe.RunAsync(token => durable.GetInstanceAsync("health-probe", token), cancellationToken)
            : Task.FromResult(HealthCheckResult.Unhealthy("no durable client for this request"));
}
