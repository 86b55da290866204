using Microsoft.Extensions.Options;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// One mistyped retention setting cannot delete live referrals: the real local host refuses to start with a
/// <c>Retention:DeleteAfter</c> under 30 days (Azure mode refuses under 365 days: <see cref="Hosting.AzureModeStartTests"/>).
/// </summary>
public sealed class RetentionBoundTests
{
    [Theory]
    [InlineData("7.00:00:00")]
    [InlineData("00:00:05")]
    public async Task The_host_refuses_a_delete_period_under_thirty_days(string deleteAfter)
    {
        await TestAzurite.EnsureRunningAsync();
        var id = "t" + Guid.NewGuid().ToString("N")[..10];

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalReferralHost.StartAsync([], new Dictionary<string, string?>
        {
            ["LocalHost:Port"] = "0",
            ["LocalHost:StartAzurite"] = "false",
            ["LocalHost:TaskHubName"] = id,
            ["ReferralStorage:TablePrefix"] = id,
            ["Retention:DeleteAfter"] = deleteAfter,
        }));

        Assert.Contains("Retention:DeleteAfter must be at least 30.00:00:00", refused.Message, StringComparison.Ordinal);
        await ReferralHostFixture.DeleteStorageAsync(id, id);
    }
}
