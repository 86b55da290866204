using System.Net;
using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Intake;

/// <summary>GET /api/v1/referrals/{reference}: only the submitting carrier sees a referral.</summary>
public sealed class ReferralStatusTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    [Fact]
    public async Task The_submitting_carrier_sees_the_staged_status_and_nothing_internal()
    {
        var reference = await SubmitAsync();

        var response = await host.Carrier().GetReferralAsync(reference);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.JsonAsync();
        Assert.Equal(reference, view.GetProperty("reference").GetString());
        Assert.Contains(view.GetProperty("status").GetString(), new[] { "received", "under-assessment" });
        var fields = view.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(["reference", "status", "receivedAt", "lastUpdatedAt", "contentSha256", "warnings", "questions", "feedbackAvailable"], fields);
    }

    [Fact]
    public async Task Another_carrier_gets_exactly_the_answer_for_a_reference_that_does_not_exist()
    {
        var reference = await SubmitAsync();

        var otherCarrier = await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync(reference);
        var missing = await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync("RF-2026-0000-0000");
        var garbage = await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync("not-a-reference");

        foreach (var response in new[] { otherCarrier, missing, garbage })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var a = await otherCarrier.JsonAsync();
        var b = await missing.JsonAsync();
        foreach (var field in new[] { "type", "title", "detail", "status" })
        {
            Assert.Equal(a.GetProperty(field).ToString(), b.GetProperty(field).ToString());
        }
    }

    [Fact]
    public async Task Health_answers_once_storage_and_the_engine_are_ready()
    {
        var response = await host.Http.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.JsonAsync();
        Assert.Equal("ready", health.GetProperty("status").GetString());
    }

    private async Task<string> SubmitAsync()
    {
        var response = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("reference").GetString()!;
    }
}
