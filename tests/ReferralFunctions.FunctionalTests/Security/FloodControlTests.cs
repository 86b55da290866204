using System.Net;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// The local host with tight flood limits: six carrier requests per client address and three staff requests per user
/// at once, one a minute after that. The per-carrier limit keeps its default, so only the new limits can refuse.
/// </summary>
public sealed class FloodLimitedHostFixture : ReferralHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["CarrierAuth:AddressRateLimit:Burst"] = "6";
        settings["CarrierAuth:AddressRateLimit:PermitsPerMinute"] = "1";
        settings["StaffAuth:RateLimit:Burst"] = "3";
        settings["StaffAuth:RateLimit:PermitsPerMinute"] = "1";
        return settings;
    }
}

/// <summary>Flood control before the expensive work: per client address on carrier routes, per user on staff routes.</summary>
public sealed class FloodControlTests(FloodLimitedHostFixture host) : IClassFixture<FloodLimitedHostFixture>
{
    private const string CarrierRead = "/api/v1/referrals/RF-2026-0000-0000";
    private const string StaffRead = "/api/v1/analyst/referrals/RF-2026-0000-0000";

    [Fact]
    public async Task An_address_over_its_limit_gets_429_before_any_signature_is_checked()
    {
        // Forged and unsigned requests spend the address's allowance: the limit sits in front of the signature check.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await host.Http.GetAsync(CarrierRead)).StatusCode);
            statuses.Add((await host.Carrier("MADE-UP-" + i).GetReferralAsync("RF-2026-0000-0000")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), statuses);

        // Past it, every request from the address is refused, even one a real carrier signed correctly.
        var limited = await host.Carrier().GetReferralAsync("RF-2026-0000-0000");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var problem = await limited.JsonAsync();
        Assert.Equal("urn:referrals:problem:rate-limited", problem.GetProperty("type").GetString());
        Assert.Contains("address", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.Http.GetAsync(CarrierRead)).StatusCode);

        // Staff routes are not behind the carrier address limit.
        Assert.Equal(HttpStatusCode.NotFound, (await new StaffClient(host.Http, "addr.analyst", StaffRoles.Analyst).GetAsync(StaffRead)).StatusCode);
    }

    [Fact]
    public async Task A_staff_user_over_their_limit_gets_429_and_other_users_are_not_affected()
    {
        var flooding = new StaffClient(host.Http, "flo.oder", StaffRoles.Analyst);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await flooding.GetAsync(StaffRead)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 3), statuses);

        // Requests refused for a missing role count too.
        var limited = await flooding.GetAsync("/api/v1/supervisor/audit");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("urn:referrals:problem:rate-limited", (await limited.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await flooding.GetAsync(StaffRead)).StatusCode);

        // Without a valid token nobody can spend this user's allowance or get past 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync(StaffRead)).StatusCode);

        var colleague = new StaffClient(host.Http, "col.league", StaffRoles.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync(StaffRead)).StatusCode);
    }
}
