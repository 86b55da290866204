using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// The paths where nobody answers, with deadlines of seconds: the carrier never validates, the analyst misses the
/// triage SLA, feedback runs overdue; and the decisions that must not count twice or late.
/// </summary>
public sealed class UnansweredStepsTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Coordinator => new(host.Http, "coral.coordinator", StaffRoles.Coordinator);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    [Fact]
    public async Task A_carrier_that_never_validates_is_reminded_and_the_referral_moves_on_not_validated()
    {
        var reference = await SubmitAsync();

        await WaitForStageAsync(reference, ReferralStatus.AwaitingTriage, TimeSpan.FromSeconds(40));

        var (detail, _) = await Analyst.ReferralAsync(reference);
        Assert.Equal("not-validated-by-carrier", detail.GetProperty("facts").GetProperty("ValidationOutcome").GetString());
        var actions = Actions(detail);
        Assert.Contains(actions, a => a.StartsWith("Reminder 1 to the carrier", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith("Validation deadline passed", StringComparison.Ordinal));
        var reminders = await (await Analyst.GetAsync($"/api/v1/analyst/messages?topic=referral-reminders&reference={reference}")).JsonAsync();
        Assert.Contains(reminders.EnumerateArray(), m => m.GetProperty("messageId").GetString() == $"{reference}:validation-reminder:1");
    }

    [Fact]
    public async Task A_missed_triage_sla_escalates_to_the_supervisor_and_a_late_decision_still_counts()
    {
        var reference = await SubmitAsync();
        await ValidateAsync(reference);
        await WaitForStageAsync(reference, ReferralStatus.AwaitingTriage);

        var escalation = await WaitForAsync(async () =>
        {
            var list = await (await Supervisor.GetAsync($"/api/v1/supervisor/escalations?reference={reference}")).JsonAsync();
            return list.EnumerateArray().FirstOrDefault(e => e.GetProperty("kind").GetString() == "triage-sla-breach");
        });
        Assert.Equal(1, escalation.GetProperty("sequence").GetInt32());

        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.AgenciesNotified);
    }

    [Fact]
    public async Task Overdue_feedback_reminds_the_coordinator_then_escalates_to_the_supervisor()
    {
        var reference = await SubmitAsync();
        await ValidateAsync(reference);
        await WaitForStageAsync(reference, ReferralStatus.AwaitingTriage);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.AgenciesNotified);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "treatment", new { decisionId = StaffClient.NewDecisionId(), treatment = "documentary-check", reason = "Check the documents first" })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.InTreatment);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "outcome", new { decisionId = StaffClient.NewDecisionId(), result = "negative", findings = "Documents in order" })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.OutcomeRecorded);

        var escalation = await WaitForAsync(async () =>
        {
            var list = await (await Supervisor.GetAsync($"/api/v1/supervisor/escalations?reference={reference}")).JsonAsync();
            return list.EnumerateArray().FirstOrDefault(e => e.GetProperty("kind").GetString() == "feedback-escalation");
        }, TimeSpan.FromSeconds(40));
        Assert.Equal(1, escalation.GetProperty("sequence").GetInt32());

        var reminders = (await (await Coordinator.GetAsync($"/api/v1/coordinator/reminders?reference={reference}")).JsonAsync())
            .EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "feedback-reminder").ToArray();
        var sequence = reminders.Select(r => r.GetProperty("sequence").GetInt32()).ToArray();
        Assert.NotEmpty(sequence);
        Assert.Equal(Enumerable.Range(1, sequence.Length), sequence.Order());
        Assert.True(reminders.Min(r => r.GetProperty("sentAt").GetDateTimeOffset()) <= escalation.GetProperty("sentAt").GetDateTimeOffset(),
            "the coordinator is reminded before the supervisor is escalated to");
    }

    [Fact]
    public async Task A_repeated_decision_counts_once_a_stale_etag_gets_412_and_a_late_step_gets_409()
    {
        var reference = await SubmitAsync();
        await WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        var (_, staleEtag) = await Analyst.ReferralAsync(reference);
        var decisionId = StaffClient.NewDecisionId();

        var first = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId }, staleEtag);
        var repeat = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId }, staleEtag);
        var other = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() }, staleEtag);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.PreconditionFailed, other.StatusCode);

        await WaitForStageAsync(reference, ReferralStatus.AwaitingTriage);
        var late = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var lateCarrier = await CarrierValidateAsync(reference);
        Assert.Equal(HttpStatusCode.Conflict, lateCarrier.StatusCode);

        var (detail, _) = await Analyst.ReferralAsync(reference);
        Assert.Single(Actions(detail), a => a == "Marked validated by an analyst");
        var missing = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/triage") { Content = System.Net.Http.Json.JsonContent.Create(new { decisionId = StaffClient.NewDecisionId(), decision = "approve" }) };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Analyst.SendAsync(missing)).StatusCode);
    }

    [Fact]
    public async Task Staff_and_carrier_credentials_each_open_only_their_own_endpoints()
    {
        var reference = await SubmitAsync();

        var carrierOnStaff = await host.Carrier().SendAsync(HttpMethod.Get, $"/api/v1/analyst/referrals/{reference}", null);
        var staffOnCarrier = await Analyst.GetAsync($"/api/v1/referrals/{reference}");
        var wrongRole = await Coordinator.GetAsync($"/api/v1/analyst/referrals/{reference}");
        var noToken = await host.Http.GetAsync(new Uri($"/api/v1/analyst/referrals/{reference}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, carrierOnStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, staffOnCarrier.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
    }

    private async Task<string> SubmitAsync()
    {
        var response = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("reference").GetString()!;
    }

    private async Task ValidateAsync(string reference)
    {
        await WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        Assert.Equal(HttpStatusCode.Accepted, (await CarrierValidateAsync(reference)).StatusCode);
    }

    private Task<HttpResponseMessage> CarrierValidateAsync(string reference) =>
        host.Carrier().SendAsync(HttpMethod.Post, $"/api/v1/referrals/{reference}/validation", Encoding.UTF8.GetBytes("""{"confirm":true}"""),
            r => { r.Headers.Add("Idempotency-Key", CarrierClient.NewKey()); r.Content!.Headers.ContentType = new("application/json"); });

    private Task<OrchestrationMetadata> WaitForStageAsync(string reference, ReferralStatus stage, TimeSpan? timeout = null) =>
        host.Get<DurableTaskClient>().WaitForStageAsync(reference, stage, timeout ?? TimeSpan.FromSeconds(30));

    private static string[] Actions(JsonElement detail) =>
        detail.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("action").GetString()!).ToArray();

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> probe, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined) return found;
            await Task.Delay(200, cts.Token);
        }
    }
}
