using System.Net;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Who referred is need-to-know inside Customs too: no staff view names the reporting person or the carrier; an analyst
/// or supervisor learns them only through the audited reveal, with a stated purpose, and supervisors see every reveal.
/// </summary>
public sealed class ReferrerRevealTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private const string Purpose = "Tasking 2026/207: the reporting officer is a witness";

    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Coordinator => new(host.Http, "coral.dinator", StaffRoles.Coordinator);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    /// <summary>The example's reporting person and carrier, each value on its own.</summary>
    private static IEnumerable<string> Identities()
    {
        var reporter = TestReferrals.Example()["reporter"]!.AsObject();
        Assert.Equal(3, reporter.Count);
        return [.. reporter.Select(p => p.Value!.GetValue<string>()), "DEMO"];
    }

    [Fact]
    public async Task No_staff_view_names_the_reporting_person_or_the_carrier_only_its_pseudonym()
    {
        var reference = await ReferralAsync();
        var pseudonym = host.Get<ReferrerPseudonyms>().For("DEMO");

        foreach (var (client, role) in new[] { (Analyst, StaffRoles.Analyst), (Coordinator, StaffRoles.Coordinator), (Supervisor, StaffRoles.Supervisor) })
        {
            var (view, _) = await client.ReferralAsync(reference, role);
            var text = view.GetRawText();
            Assert.All(Identities(), value => Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(pseudonym, view.GetProperty("referrerPseudonym").GetString());
            Assert.False(view.TryGetProperty("carrierId", out _));
            Assert.False(view.GetProperty("submission").TryGetProperty("reporter", out _));

            // The rest of the submission is still there to decide on.
            Assert.Equal("MEDU8812345", view.GetProperty("submission").GetProperty("shipment").GetProperty("billOfLading").GetString());
            Assert.Equal(role == StaffRoles.Supervisor, view.TryGetProperty("reveals", out _));
        }
    }

    [Fact]
    public async Task A_reveal_with_a_purpose_names_the_referrer_and_is_audited_and_listed_for_supervisors()
    {
        var reference = await ReferralAsync();

        using var analystReveal = await RevealAsync(Analyst, StaffRoles.Analyst, reference, Purpose);
        Assert.Equal(HttpStatusCode.OK, analystReveal.StatusCode);
        Assert.Equal("no-store", analystReveal.Headers.CacheControl?.ToString());
        var revealed = await analystReveal.JsonAsync();
        Assert.Equal("DEMO", revealed.GetProperty("carrierId").GetString());
        Assert.Equal(host.Get<ReferrerPseudonyms>().For("DEMO"), revealed.GetProperty("referrerPseudonym").GetString());
        var person = revealed.GetProperty("reportingPerson");
        var expected = TestReferrals.Example()["reporter"]!.AsObject();
        Assert.Equal(expected["name"]!.GetValue<string>(), person.GetProperty("name").GetString());
        Assert.Equal(expected["email"]!.GetValue<string>(), person.GetProperty("email").GetString());
        Assert.Equal(expected["phone"]!.GetValue<string>(), person.GetProperty("phone").GetString());

        using var supervisorReveal = await RevealAsync(Supervisor, StaffRoles.Supervisor, reference, "Review of tasking 2026/207");
        Assert.Equal(HttpStatusCode.OK, supervisorReveal.StatusCode);

        // Listed on the referral for supervisors: who, as what, when and why; never what was shown.
        var (view, _) = await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor);
        var reveals = view.GetProperty("reveals").EnumerateArray().ToArray();
        Assert.Equal(
            [("staff:ana.lyst", StaffRoles.Analyst, Purpose), ("staff:sue.pervisor", StaffRoles.Supervisor, "Review of tasking 2026/207")],
            reveals.Select(r => (r.GetProperty("actor").GetString(), r.GetProperty("role").GetString(), r.GetProperty("purpose").GetString())));
        Assert.Equal(revealed.GetProperty("revealId").GetString(), reveals[0].GetProperty("revealId").GetString());
        Assert.Equal(revealed.GetProperty("revealedAt").GetDateTimeOffset(), reveals[0].GetProperty("at").GetDateTimeOffset());
        Assert.All(Identities(), value => Assert.DoesNotContain(value, view.GetRawText(), StringComparison.OrdinalIgnoreCase));

        // On the audit trail, with the purpose, without the referrer.
        var audit = await (await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={reference}")).JsonAsync();
        var entries = audit.EnumerateArray().Where(e => e.GetProperty("action").GetString() == AuditActions.ReferrerRevealed).ToArray();
        Assert.Equal(
            [("staff:ana.lyst", StaffRoles.Analyst, Purpose), ("staff:sue.pervisor", StaffRoles.Supervisor, "Review of tasking 2026/207")],
            entries.Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("role").GetString(), e.GetProperty("purpose").GetString())));
        Assert.Equal("reveal=" + revealed.GetProperty("revealId").GetString(), entries[0].GetProperty("detail").GetString());
        Assert.All(TestReferrals.Example()["reporter"]!.AsObject().Select(p => p.Value!.GetValue<string>()),
            value => Assert.DoesNotContain(value, audit.GetRawText(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_reveal_without_a_purpose_is_refused_and_shows_nothing()
    {
        var reference = await ReferralAsync();

        foreach (var purpose in new string?[] { null, "", "   ", "a\ttab", new('x', AccessPurpose.MaxLength + 1) })
        {
            using var response = await RevealAsync(Analyst, StaffRoles.Analyst, reference, purpose);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("urn:referrals:problem:invalid-purpose", (await response.JsonAsync()).GetProperty("type").GetString());
            Assert.Equal([AccessPurpose.Header], await response.ErrorPathsAsync());
            var text = await response.Content.ReadAsStringAsync();
            Assert.All(Identities(), value => Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Empty((await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor)).View.GetProperty("reveals").EnumerateArray());
        var audit = await (await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={reference}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(AuditActions.ReferrerRevealed, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_cannot_reveal_the_referrer()
    {
        var reference = await ReferralAsync();

        foreach (var role in new[] { StaffRoles.Analyst, StaffRoles.Supervisor })
        {
            using var response = await RevealAsync(Coordinator, role, reference, Purpose);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.All(Identities(), value => Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Empty((await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor)).View.GetProperty("reveals").EnumerateArray());
    }

    private async Task<string> ReferralAsync()
    {
        using var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        return reference;
    }

    private static Task<HttpResponseMessage> RevealAsync(StaffClient client, string role, string reference, string? purpose)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{role}/referrals/{reference}/referrer-reveal");
        if (purpose is not null)
        {
            request.Headers.TryAddWithoutValidation(AccessPurpose.Header, purpose);
        }

        return client.SendAsync(request);
    }
}

/// <summary>The local host where only supervisors may reveal the referrer.</summary>
public sealed class SupervisorOnlyRevealFixture : ReferralHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Confidentiality:RevealRoles"] = StaffRoles.Supervisor;
        return settings;
    }
}

/// <summary><c>Confidentiality:RevealRoles</c> decides which roles may reveal; the others get 403 and leave no reveal.</summary>
public sealed class RevealRolesSettingTests(SupervisorOnlyRevealFixture host) : IClassFixture<SupervisorOnlyRevealFixture>
{
    [Fact]
    public async Task A_role_the_setting_leaves_out_is_refused()
    {
        using var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);

        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/referrer-reveal");
        request.Headers.Add(AccessPurpose.Header, "Tasking 2026/207");
        using var refused = await analyst.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("urn:referrals:problem:reveal-not-allowed", (await refused.JsonAsync()).GetProperty("type").GetString());

        var supervisor = new StaffClient(host.Http, "sue.pervisor", StaffRoles.Supervisor);
        var allowed = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/supervisor/referrals/{reference}/referrer-reveal");
        allowed.Headers.Add(AccessPurpose.Header, "Tasking 2026/207");
        using var revealed = await supervisor.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var reveal = Assert.Single((await supervisor.ReferralAsync(reference, StaffRoles.Supervisor)).View.GetProperty("reveals").EnumerateArray());
        Assert.Equal("staff:sue.pervisor", reveal.GetProperty("actor").GetString());
    }
}
