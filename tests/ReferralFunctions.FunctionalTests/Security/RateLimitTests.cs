using System.Net;
using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>The local host with a tight per-carrier limit: five requests at once, five a minute.</summary>
public sealed class RateLimitedHostFixture : ReferralHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["CarrierAuth:RateLimit:Burst"] = "5";
        settings["CarrierAuth:RateLimit:PermitsPerMinute"] = "5";
        return settings;
    }
}

/// <summary>Each carrier has its own allowance; past it, 429 with Retry-After, and other carriers are unaffected.</summary>
public sealed class RateLimitTests(RateLimitedHostFixture host) : IClassFixture<RateLimitedHostFixture>
{
    [Fact]
    public async Task A_carrier_over_its_limit_gets_429_with_retry_after_and_others_are_not_affected()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await host.Carrier().GetReferralAsync("RF-2026-0000-0000");
            statuses.Add(response.StatusCode);
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5), statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("urn:referrals:problem:rate-limited", (await limited.JsonAsync()).GetProperty("type").GetString());

        var other = await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync("RF-2026-0000-0000");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        // Requests that fail the signature do not spend the carrier's allowance (nor anyone else's).
        var forged = await host.Carrier(ReferralHostFixture.OtherCarrier).SendAsync(HttpMethod.Get, "/api/v1/referrals/RF-2026-0000-0000", null, signWith: "wrong-secret-of-a-proper-length-9b3e7d1a");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}
