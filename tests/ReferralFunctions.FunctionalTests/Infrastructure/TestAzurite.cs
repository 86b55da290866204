using Microsoft.Extensions.Logging.Abstractions;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>One Azurite for the whole test run, however many fixtures need it in parallel; stopped when the run ends.</summary>
public static class TestAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Shared = new(async () =>
    {
        var azurite = await AzuriteProcess.EnsureRunningAsync(LocalReferralHost.RepositoryRoot(), ".azurite", NullLogger.Instance, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    });

    public static Task EnsureRunningAsync() => Shared.Value;
}
