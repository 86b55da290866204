using Microsoft.Extensions.Hosting;

namespace ReferralFunctions.Storage;

/// <summary>Creates the referral tables when the host starts, before any request is served.</summary>
public sealed class StorageInitializer(ReferralTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.CreateIfNotExistsAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
