using System.Net;
using System.Net.Http.Headers;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// The referral's ETag is handed out strong (If-Match compares strongly, RFC 9110), decisions with it count, the old
/// weak form Table Storage spells is still accepted during the transition, and a stale tag in either form gets 412.
/// </summary>
public sealed class EntityTagTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    [Fact]
    public async Task Staff_get_a_strong_etag_decide_with_it_or_the_old_weak_form_and_a_stale_one_gets_412()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        await Analyst.WaitForOpenAsync(reference, DecisionKinds.Validation, StaffRoles.Analyst);

        var first = await StrongETagAsync(reference);

        // The weak spelling of the current tag is what clients were given before: still accepted.
        var byWeak = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() }, "W/" + first);
        Assert.Equal(HttpStatusCode.Accepted, byWeak.StatusCode);
        Assert.False(byWeak.Headers.ETag!.IsWeak, "a decision's answer hands out a strong ETag too");

        await Analyst.WaitForOpenAsync(reference, DecisionKinds.Triage, StaffRoles.Analyst);
        var current = await StrongETagAsync(reference);
        Assert.NotEqual(first, current);

        var staleStrong = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" }, first);
        var staleWeak = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" }, "W/" + first);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleStrong.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleWeak.StatusCode);

        var byStrong = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" }, current);
        Assert.Equal(HttpStatusCode.Accepted, byStrong.StatusCode);
    }

    private async Task<string> StrongETagAsync(string reference)
    {
        using var response = await Analyst.GetAsync($"/api/v1/analyst/referrals/{reference}");
        response.EnsureSuccessStatusCode();
        var raw = response.Headers.GetValues("ETag").Single();
        Assert.False(raw.StartsWith("W/", StringComparison.Ordinal), "the ETag handed out is strong");
        Assert.True(EntityTagHeaderValue.TryParse(raw, out var parsed) && !parsed.IsWeak, "the ETag is a well-formed strong entity tag");
        return raw;
    }
}
