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
