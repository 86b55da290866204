using System.Net;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// A decision names only what the workflow can act on: agencies from the directory, known priorities and treatments.
/// Anything else is refused with 400 naming the field, and changes nothing; a well-formed decision is acted on.
/// </summary>
public sealed class DecisionValuesTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    [Fact]
    public async Task A_triage_override_naming_an_unknown_agency_is_refused_and_changes_nothing()
    {
        var reference = await AtTriageAsync();
        var (before, etag) = await Analyst.ReferralAsync(reference);

        var refused = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new
        {
            decisionId = StaffClient.NewDecisionId(),
            decision = "override",
            priority = "critical",
            agencies = new[] { "NOT AN AGENCY", "POLICE", "CUSTOMS-OF-ATLANTIS", "police" },
            reason = "Police only",
        }, etag);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal("urn:referrals:problem:invalid-decision", problem.GetProperty("type").GetString());
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray();
        Assert.Equal(["$.agencies[0]", "$.agencies[2]", "$.agencies[3]"], paths);

        var (after, etagAfter) = await Analyst.ReferralAsync(reference);
        Assert.Equal(etag, etagAfter);
        Assert.Equal("AwaitingTriage", after.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("timeline").GetArrayLength(), after.GetProperty("timeline").GetArrayLength());

        // Agency codes are matched without regard to case and sent as the directory spells them.
        var accepted = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new
        {
            decisionId = StaffClient.NewDecisionId(),
            decision = "override",
            agencies = new[] { "police" },
            reason = "Police only",
        }, etagAfter);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Analyst.WaitForOpenAsync(reference, "treatment", StaffRoles.Analyst);
        var messages = await (await Analyst.GetAsync($"/api/v1/analyst/messages?topic=referral-notifications&reference={reference}")).JsonAsync();
        Assert.Equal(["POLICE"], messages.EnumerateArray().Select(m => m.GetProperty("applicationProperties").GetProperty("agency").GetString()!).ToArray());
    }

    [Theory]
    [InlineData("triage", "priority", "urgent", "$.priority")]
    [InlineData("triage", "decision", "maybe", "$.decision")]
    public async Task A_decision_value_the_workflow_cannot_act_on_is_refused(string step, string field, string value, string path)
    {
        var reference = await AtTriageAsync();
        var body = new Dictionary<string, object?>
        {
            ["decisionId"] = StaffClient.NewDecisionId(),
            ["decision"] = "override",
            ["reason"] = "test",
            [field] = value,
        };
        var refused = await Analyst.DecideAsync(StaffRoles.Analyst, reference, step, body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains((await refused.JsonAsync()).GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == path);
    }

    private async Task<string> AtTriageAsync()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        await Analyst.WaitForOpenAsync(reference, "validation", StaffRoles.Analyst);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() })).StatusCode);
        await Analyst.WaitForOpenAsync(reference, "triage", StaffRoles.Analyst);
        return reference;
    }
}
