using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralFunctions.Health;
using ReferralFunctions.Http;

namespace ReferralFunctions.UnitTests.Health;

public sealed class HealthChecksTests
{
    [Fact]
    public void Storage_and_the_engine_are_checked_each_within_the_probe_timeout()
    {
        var services = new ServiceCollection();
        services.Configure<ResilienceOptions>(o => o.HealthProbeTimeout = TimeSpan.FromMilliseconds(1500));
        HealthEndpoint.Register(services);

        var registrations = services.BuildServiceProvider().GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Equal([StorageHealthCheck.Name, DurableEngineHealthCheck.Name], registrations.Select(r => r.Name));
        Assert.All(registrations, r => Assert.Equal(TimeSpan.FromMilliseconds(1500), r.Timeout));
        Assert.All(registrations, r => Assert.Equal(HealthStatus.Unhealthy, r.FailureStatus));
    }

    [Fact]
    public async Task Without_a_durable_client_lent_for_the_request_the_engine_is_unhealthy()
    {
        var result = await new DurableEngineHealthCheck().CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }
}

/// <summary>The health answer comes in time even when a check overruns its timeout (it does not observe cancellation).</summary>
public sealed class HealthAnswerTimeTests
{
    [Fact]
    public async Task A_check_that_ignores_its_timeout_is_reported_unavailable_in_time()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<ResilienceOptions>(o => o.HealthProbeTimeout = TimeSpan.FromMilliseconds(300));
        services.AddHealthChecks()
            .AddCheck(StorageHealthCheck.Name, new Stubborn(TimeSpan.FromSeconds(5)))
            .AddCheck(DurableEngineHealthCheck.Name, new Stubborn(TimeSpan.Zero));
        services.AddSingleton<HealthEndpoint>();
        using var provider = services.BuildServiceProvider();
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:9");
        await using var durable = new Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClient(
            "unused", new Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClientOptions { Channel = channel }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = provider };

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await provider.GetRequiredService<HealthEndpoint>().HandleAsync(context, durable, CancellationToken.None);
        var elapsed = watch.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"answered after {elapsed.TotalSeconds:F1} s");
        var status = Assert.IsAssignableFrom<Microsoft.AspNetCore.Http.IStatusCodeHttpResult>(result);
        Assert.Equal(503, status.StatusCode);
        var body = Assert.IsAssignableFrom<Microsoft.AspNetCore.Http.IValueHttpResult>(result).Value;
        Assert.Equal(new ReferralFunctions.Health.HealthReport("unavailable", "unavailable", "unavailable"), body);
    }

    /// <summary>A check that takes <paramref name="delay"/> whatever its cancellation says.</summary>
    private sealed class Stubborn(TimeSpan delay) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, CancellationToken.None);
            return HealthCheckResult.Healthy();
        }
    }
}
