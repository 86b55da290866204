using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Health;

/// <summary>Referral storage serves: a point read of a row that need not exist.</summary>
public sealed class StorageHealthCheck(ReferralTables tables) : IHealthCheck
{
    public const string Name = "storage";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        DependencyProbe.RunAsync(token => tables.Referrals.GetEntityIfExistsAsync<TableEntity>("health", "probe", cancellationToken: token), cancellationToken);
}
