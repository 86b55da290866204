using System.Net;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// ASVS 2.3.5 and 14.3.2: one person cannot both draft and clear a referral's feedback, even holding both roles; and no
/// API answer may be kept by a cache.
/// </summary>
public sealed class SeparationOfDutiesTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    [Fact]
    public async Task Whoever_drafted_the_feedback_cannot_clear_it_even_with_both_roles()
    {
        var both = new StaffClient(host.Http, "dual.role", StaffRoles.Coordinator, StaffRoles.Supervisor);
        var supervisor = new StaffClient(host.Http, "sue.pervisor", StaffRoles.Supervisor);
        var reference = await AtFeedbackAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await both.DecideAsync(StaffRoles.Coordinator, reference, "feedback", new { decisionId = StaffClient.NewDecisionId(), text = "Nothing was found." })).StatusCode);
        await both.WaitForOpenAsync(reference, "feedback-clearance", StaffRoles.Supervisor);
        var (_, etag) = await both.ReferralAsync(reference, StaffRoles.Supervisor);

        var own = await both.DecideAsync(StaffRoles.Supervisor, reference, "feedback-clearance", new { decisionId = StaffClient.NewDecisionId(), decision = "release" }, etag);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal("urn:referrals:problem:four-eyes", (await own.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(etag, (await both.ReferralAsync(reference, StaffRoles.Supervisor)).ETag);

        Assert.Equal(HttpStatusCode.Accepted, (await supervisor.DecideAsync(StaffRoles.Supervisor, reference, "feedback-clearance", new { decisionId = StaffClient.NewDecisionId(), decision = "release" }, etag)).StatusCode);
        await Analyst.WaitForOpenAsync(reference, "analysis-recorded", StaffRoles.Analyst);
        Assert.Equal(HttpStatusCode.OK, (await host.Carrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}/feedback", null)).StatusCode);
    }

    [Fact]
    public async Task No_api_answer_may_be_cached()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        var answers = new[]
        {
            submitted,
            await host.Carrier().GetReferralAsync(reference),
            await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync(reference),
            await Analyst.GetAsync($"/api/v1/analyst/referrals/{reference}"),
            await Analyst.GetAsync("/api/v1/supervisor/escalations"),
            await host.Http.GetAsync($"/api/v1/analyst/referrals/{reference}"),
            await host.Http.GetAsync("/api/health"),
        };

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.OK],
            answers.Select(a => a.StatusCode).ToArray());
        Assert.All(answers, a => Assert.True(a.Headers.CacheControl?.NoStore, $"{a.RequestMessage!.RequestUri} {a.StatusCode}: Cache-Control {a.Headers.CacheControl}"));
    }

    private async Task<string> AtFeedbackAsync()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        await Decide(reference, "validation", "validation", new { decisionId = StaffClient.NewDecisionId() });
        await Decide(reference, "triage", "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" });
        await Decide(reference, "treatment", "treatment", new { decisionId = StaffClient.NewDecisionId(), treatment = "x-ray", reason = "Check" });
        await Decide(reference, "outcome", "outcome", new { decisionId = StaffClient.NewDecisionId(), result = "negative", findings = "Nothing found" });
        await Analyst.WaitForOpenAsync(reference, "feedback-draft", StaffRoles.Analyst);
        return reference;
    }

    private async Task Decide(string reference, string kind, string step, object body)
    {
        await Analyst.WaitForOpenAsync(reference, kind, StaffRoles.Analyst);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, step, body)).StatusCode);
    }
}
