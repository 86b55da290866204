using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using ReferralFunctions.Carriers;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>
/// The real local host refuses to start with a carrier whose signing secret is shorter than 256 bits
/// (<see cref="CarrierSecrets.MinimumBytes"/>), naming the setting and never its value, rather than trust a weak key.
/// </summary>
public sealed class CarrierSecretStartTests
{
    private const string TooShort = "acme-lines-short-secret-31bytes";

    [Theory]
    [InlineData("Secret")]
    [InlineData("PreviousSecret")]
    public async Task A_carrier_with_a_short_secret_stops_the_host_at_start(string which)
    {
        Assert.Equal(CarrierSecrets.MinimumBytes - 1, Encoding.UTF8.GetByteCount(TooShort));
        await TestAzurite.EnsureRunningAsync();
        var taskHub = "t" + Guid.NewGuid().ToString("N")[..10];
        var setting = $"CarrierAuth:Carriers:{ReferralHostFixture.OtherCarrier}:{which}";
        var settings = new Dictionary<string, string?>
        {
            ["LocalHost:Port"] = "0",
            ["LocalHost:StartAzurite"] = "false",
            ["LocalHost:TaskHubName"] = taskHub,
            ["ReferralStorage:TablePrefix"] = taskHub,
            [$"CarrierAuth:Carriers:{ReferralHostFixture.OtherCarrier}:Secret"] = ReferralHostFixture.OtherCarrierSecret,
            [setting] = TooShort,
        };
        var logs = new FakeLogCollector();

        try
        {
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalReferralHost.StartAsync(
                [], settings, configureLogging: logging => logging.AddProvider(new FakeLoggerProvider(logs))));

            Assert.Contains(setting + " must be at least 32 bytes", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TooShort, refused.Message, StringComparison.Ordinal);
            Assert.All(logs.GetSnapshot(), l => Assert.DoesNotContain(TooShort, l.Message, StringComparison.Ordinal));
        }
        finally
        {
            await ReferralHostFixture.DeleteStorageAsync(taskHub, taskHub);
        }
    }
}
