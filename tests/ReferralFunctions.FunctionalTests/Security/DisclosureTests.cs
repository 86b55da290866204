using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Disclosures;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Referrer protection end to end: agencies learn of a referral under a pseudonym only; the referrer is revealed to one
/// agency only after a second person, a supervisor, approves a request that states its legal basis and purpose.
/// </summary>
public sealed class DisclosureTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private const string LegalBasis = "Customs Act 1901 s 16: disclosure to a law enforcement agency";
    private const string Purpose = "Police need a witness statement from the reporting officer";

    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    [Fact]
    public async Task Agencies_see_a_pseudonym_until_a_second_person_approves_a_disclosure_to_one_agency()
    {
        var reference = await NotifiedReferralAsync();
        var notifications = await MessagesAsync(reference);
        Assert.NotEmpty(notifications);
        var pseudonym = host.Get<ReferrerPseudonyms>().For("DEMO");
        foreach (var message in notifications)
        {
            var text = message.GetRawText();
            Assert.Contains(pseudonym, text, StringComparison.Ordinal);
            Assert.DoesNotContain("DEMO", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Security Officer", text, StringComparison.Ordinal);
        }

        var disclosureId = "disc-" + Guid.NewGuid().ToString("N")[..12];
        var requested = await Analyst.SendAsync(Post($"/api/v1/analyst/referrals/{reference}/disclosures", new { disclosureId, agency = "POLICE", legalBasis = LegalBasis, purpose = Purpose }));
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal("awaiting-approval", (await requested.JsonAsync()).GetProperty("state").GetString());
        Assert.Empty(await DisclosuresAsync(reference));
        var pending = Assert.Single((await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor)).View.GetProperty("disclosures").EnumerateArray());
        Assert.Equal(("awaiting-approval", "POLICE"), (pending.GetProperty("state").GetString(), pending.GetProperty("agency").GetString()));

        // The requester cannot approve their own request, even holding the supervisor role.
        var both = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst, StaffRoles.Supervisor);
        var own = await both.SendAsync(Post($"/api/v1/supervisor/referrals/{reference}/disclosure-approvals", new { disclosureId, decision = "approve" }));
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal("urn:referrals:problem:four-eyes", (await own.JsonAsync()).GetProperty("type").GetString());
        Assert.Empty(await DisclosuresAsync(reference));

        var approved = await Supervisor.SendAsync(Post($"/api/v1/supervisor/referrals/{reference}/disclosure-approvals", new { disclosureId, decision = "approve" }));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("approved", (await approved.JsonAsync()).GetProperty("state").GetString());
        var again = await Supervisor.SendAsync(Post($"/api/v1/supervisor/referrals/{reference}/disclosure-approvals", new { disclosureId, decision = "approve" }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var reversed = await Supervisor.SendAsync(Post($"/api/v1/supervisor/referrals/{reference}/disclosure-approvals", new { disclosureId, decision = "refuse" }));
        Assert.Equal(HttpStatusCode.Conflict, reversed.StatusCode);

        // Exactly one message, to the approved agency only, naming the referrer with the basis and purpose.
        var disclosed = Assert.Single(await DisclosuresAsync(reference));
        Assert.Equal("POLICE", disclosed.GetProperty("applicationProperties").GetProperty("agency").GetString());
        var body = disclosed.GetProperty("body");
        Assert.Equal("DEMO", body.GetProperty("referringCarrier").GetString());
        Assert.Equal("Security Officer", body.GetProperty("reportingPerson").GetProperty("name").GetString());
        Assert.Equal(LegalBasis, body.GetProperty("legalBasis").GetString());
        Assert.Equal("staff:sue.pervisor", body.GetProperty("approvedBy").GetString());

        var audit = await (await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={reference}")).JsonAsync();
        var entries = audit.EnumerateArray().Where(e => e.GetProperty("action").GetString()!.StartsWith("disclosure.", StringComparison.Ordinal)).ToArray();
        Assert.Equal([AuditActions.DisclosureRequested, AuditActions.DisclosureApproved], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(Purpose, e.GetProperty("purpose").GetString()));
        Assert.All(entries, e => Assert.Contains(LegalBasis, e.GetProperty("detail").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain("Security Officer", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_disclosure_sends_nothing()
    {
        var reference = await NotifiedReferralAsync();
        var disclosureId = "disc-" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.SendAsync(Post($"/api/v1/analyst/referrals/{reference}/disclosures", new { disclosureId, agency = "BIOSECURITY", legalBasis = LegalBasis, purpose = Purpose }))).StatusCode);

        var refused = await Supervisor.SendAsync(Post($"/api/v1/supervisor/referrals/{reference}/disclosure-approvals", new { disclosureId, decision = "refuse" }));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("refused", (await refused.JsonAsync()).GetProperty("state").GetString());
        Assert.Empty(await DisclosuresAsync(reference));
        Assert.Contains(AuditActions.DisclosureRefused, (await (await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={reference}")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_basis_purpose_or_known_agency_is_refused_naming_each_field()
    {
        var reference = (await (await host.Carrier().SubmitAsync(TestReferrals.Example())).JsonAsync()).GetProperty("reference").GetString()!;

        var response = await Analyst.SendAsync(Post($"/api/v1/analyst/referrals/{reference}/disclosures", new { disclosureId = "x", agency = "CIA", purpose = "line\nbreak", extra = 1 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.disclosureId", "$.agency", "$.legalBasis", "$.purpose", "$.extra"], await response.ErrorPathsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await new StaffClient(host.Http, "coral", StaffRoles.Coordinator).SendAsync(
            Post($"/api/v1/analyst/referrals/{reference}/disclosures", new { disclosureId = "disc-12345678", agency = "POLICE", legalBasis = LegalBasis, purpose = Purpose }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Supervisor.SendAsync(Post($"/api/v1/supervisor/referrals/{reference}/disclosure-approvals", new { disclosureId = "disc-unknown1", decision = "approve" }))).StatusCode);
    }

    private async Task<string> NotifiedReferralAsync()
    {
        var reference = (await (await host.Carrier().SubmitAsync(TestReferrals.Example())).JsonAsync()).GetProperty("reference").GetString()!;
        var durable = host.Get<DurableTaskClient>();
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingTriage);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.AgenciesNotified);
        return reference;
    }

    private async Task<JsonElement[]> MessagesAsync(string reference) =>
        (await (await Analyst.GetAsync($"/api/v1/analyst/messages?reference={reference}")).JsonAsync()).EnumerateArray().ToArray();

    private async Task<JsonElement[]> DisclosuresAsync(string reference) =>
        (await MessagesAsync(reference)).Where(m => m.GetProperty("subject").GetString() == DisclosureEndpoints.Subject).ToArray();

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
}
