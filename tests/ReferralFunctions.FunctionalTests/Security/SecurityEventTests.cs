using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>ASVS 16.3: refused requests are logged as security events with actor, route and outcome; carriers by pseudonym only.</summary>
public sealed class SecurityEventTests(SecurityEventTests.Fixture host) : IClassFixture<SecurityEventTests.Fixture>
{
    [Fact]
    public async Task Refusals_are_logged_with_actor_route_and_outcome_and_no_carrier_id()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        await analyst.WaitForOpenAsync(reference, "validation", StaffRoles.Analyst);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync($"/api/v1/analyst/referrals/{reference}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/supervisor/escalations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync(reference)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() }, "\"stale\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() })).StatusCode);

        var events = host.Logs.GetSnapshot().Where(l => l.Id.Id == 1901).Select(l => l.Message).ToArray();
        Assert.Contains(events, e => e.Contains($"GET /api/v1/analyst/referrals/{reference} refused 401", StringComparison.Ordinal) && e.Contains("for anonymous", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains("GET /api/v1/supervisor/escalations refused 403 urn:referrals:problem:forbidden for staff:ana.lyst", StringComparison.Ordinal)
            || e.Contains("GET /api/v1/supervisor/escalations refused 403 forbidden for staff:ana.lyst", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains($"GET /api/v1/referrals/{reference} refused 404", StringComparison.Ordinal) && e.Contains("for carrier:REFERRER-", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains($"/validation refused 412 stale-etag for staff:ana.lyst", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Contains(ReferralHostFixture.OtherCarrier, StringComparison.Ordinal) || e.Contains("DEMO", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), l => l.Id.Id == 1901 && l.Message.Contains("refused 202", StringComparison.Ordinal));
        var signIns = host.Logs.GetSnapshot().Where(l => l.Id.Id == 1903).Select(l => l.Message).ToArray();
        Assert.Contains(signIns, e => e.Contains("POST /api/v1/referrals authenticated carrier:REFERRER-", StringComparison.Ordinal) && e.Contains("by carrier signature", StringComparison.Ordinal));
        Assert.Contains(signIns, e => e.Contains("authenticated staff:ana.lyst by development token", StringComparison.Ordinal));
        Assert.DoesNotContain(signIns, e => e.Contains("DEMO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reveals_and_disclosures_are_logged_with_actor_route_and_outcome_and_nothing_revealed()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        var supervisor = new StaffClient(host.Http, "sue.pervisor", StaffRoles.Supervisor);
        await analyst.WaitForOpenAsync(reference, "validation", StaffRoles.Analyst);

        using var reveal = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/referrer-reveal");
        reveal.Headers.TryAddWithoutValidation(ReferralFunctions.Audit.AccessPurpose.Header, "Tasking 2026/301: witness statement");
        using var revealed = await analyst.SendAsync(reveal);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var disclosureId = "disc-" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/disclosures")
        {
            Content = JsonContent.Create(new { disclosureId, agency = "POLICE", legalBasis = "Customs Act s 16", purpose = "Witness statement" }),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/supervisor/referrals/{reference}/disclosure-approvals")
        {
            Content = JsonContent.Create(new { disclosureId, decision = "approve" }),
        })).StatusCode);

        var events = host.Logs.GetSnapshot().Where(l => l.Id.Id == 1902).Select(l => l.Message).Where(m => m.Contains(reference, StringComparison.Ordinal)).ToArray();
        Assert.Contains(events, e => e.Contains($"POST /api/v1/analyst/referrals/{reference}/referrer-reveal referrer-revealed to analyst for staff:ana.lyst", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains($"/disclosures disclosure {disclosureId} to POLICE requested for staff:ana.lyst", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains($"/disclosure-approvals disclosure {disclosureId} to POLICE approved for staff:sue.pervisor", StringComparison.Ordinal));
        Assert.Equal(3, events.Length);
        Assert.DoesNotContain(events, e => e.Contains("DEMO", StringComparison.Ordinal) || e.Contains("Security Officer", StringComparison.Ordinal) || e.Contains("Witness", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_input_is_a_security_event_and_a_line_break_in_the_url_cannot_forge_a_log_line()
    {
        var forged = "/api/v1/analyst/referrals/X%0d%0aSecurity%20event:%20GET%20fake%20refused%20200";
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync(forged)).StatusCode);
        using var invalid = await host.Carrier().SubmitAsync(System.Text.Encoding.UTF8.GetBytes("{\"category\": 7}"), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var events = host.Logs.GetSnapshot().Where(l => l.Id.Id == 1901).Select(l => l.Message).ToArray();
        var injected = Assert.Single(events, e => e.Contains("Security%20event", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', injected);
        Assert.DoesNotContain('\n', injected);
        Assert.Contains("%0D%0A", injected, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(events, e => e.Contains("POST /api/v1/referrals refused 400", StringComparison.Ordinal) && e.Contains("for carrier:REFERRER-", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Contains("category", StringComparison.Ordinal));
    }

    /// <summary>The local host with its log captured.</summary>
    public sealed class Fixture : ReferralHostFixture
    {
        public FakeLogCollector Logs { get; } = new();

        protected override void ConfigureLogging(ILoggingBuilder logging)
        {
            base.ConfigureLogging(logging);
            logging.AddProvider(new FakeLoggerProvider(Logs));
        }
    }
}
