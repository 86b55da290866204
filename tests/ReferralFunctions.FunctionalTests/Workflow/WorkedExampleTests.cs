using System.Net;
using System.Text;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// The guideline's worked example, end to end through the real HTTP API, Azurite and the durable engine — with a
/// restart of the local host while the referral waits for an analyst.
/// </summary>
public sealed class WorkedExampleTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Coordinator => new(host.Http, "coral.coordinator", StaffRoles.Coordinator);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    [Fact]
    public async Task From_referral_to_closure()
    {
        // Received: the carrier refers the uncollected container.
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;

        // Validation with the carrier: Customs' questions appear in the carrier's view; the carrier answers.
        await WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        var view = await (await host.Carrier().GetReferralAsync(reference)).JsonAsync();
        Assert.Equal("under-assessment", view.GetProperty("status").GetString());
        var questions = view.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("path").GetString()).ToArray();
        Assert.Contains("$.shipment.sealNumbers", questions);
        var asked = await Analyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/questions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { question = "Has the terminal seen anyone inspect the container?", path = "$.shipment" }),
        });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        view = await (await host.Carrier().GetReferralAsync(reference)).JsonAsync();
        Assert.Contains(view.GetProperty("questions").EnumerateArray(), q => q.GetProperty("question").GetString() == "Has the terminal seen anyone inspect the container?");
        var answer = await host.Carrier().SendAsync(HttpMethod.Post, $"/api/v1/referrals/{reference}/validation",
            Encoding.UTF8.GetBytes("""{"confirm":true,"corrections":[{"path":"$.shipment.sealNumbers","value":["EU12345"]}],"additionalInformation":"Terminal confirms the container has not moved."}"""),
            r => { r.Headers.Add("Idempotency-Key", CarrierClient.NewKey()); r.Content!.Headers.ContentType = new("application/json"); });
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        // Triage: the proposal is high priority with the police among the agencies, every point explained.
        await WaitForStageAsync(reference, ReferralStatus.AwaitingTriage);
        var (detail, _) = await Analyst.ReferralAsync(reference);
        var risk = detail.GetProperty("riskAssessment");
        Assert.Contains(risk.GetProperty("priority").GetString(), new[] { "high", "critical" });
        Assert.Contains("POLICE", risk.GetProperty("proposedAgencies").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(risk.GetProperty("score").GetInt32(), risk.GetProperty("reasons").EnumerateArray().Sum(r => r.GetProperty("points").GetInt32()));
        Assert.Equal("validated", detail.GetProperty("facts").GetProperty("ValidationOutcome").GetString());

        // The local host restarts while the referral waits for the analyst; nothing is lost.
        await host.StopHostAsync();
        await host.StartHostAsync();

        var proposedAgencies = risk.GetProperty("proposedAgencies").EnumerateArray().Select(a => a.GetString()!).ToArray();
        var triage = await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" });
        Assert.Equal(HttpStatusCode.Accepted, triage.StatusCode);

        // Notification: the police get their own message, without the referrer.
        await WaitForStageAsync(reference, ReferralStatus.AgenciesNotified);
        var messages = await (await Analyst.GetAsync($"/api/v1/analyst/messages?topic=referral-notifications&reference={reference}")).JsonAsync();
        Assert.Equal(proposedAgencies.Order(), messages.EnumerateArray().Select(m => m.GetProperty("applicationProperties").GetProperty("agency").GetString()!).Order());
        foreach (var message in messages.EnumerateArray())
        {
            Assert.Equal($"{reference}:notify:{message.GetProperty("applicationProperties").GetProperty("agency").GetString()}", message.GetProperty("messageId").GetString());
            var body = message.GetProperty("body").GetRawText();
            foreach (var secret in new[] { "Security Officer", "security@example-carrier.test", "+61 3 9000 0001", "Example Imports Pty Ltd", "DEMO" })
            {
                Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            }
        }

        // Treatment and outcome: unpack; 626 litres of methamphetamine; the container is declared abandoned.
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "treatment", new { decisionId = StaffClient.NewDecisionId(), treatment = "unpack", reason = "Two pallets at the rear plainly wrapped, invisible on X-ray" })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.InTreatment);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "outcome", new { decisionId = StaffClient.NewDecisionId(), result = "positive", findings = "626 litres of methamphetamine in two unbranded pallets", followUpActions = new[] { "declare-container-abandoned" } })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.OutcomeRecorded);
        Assert.Equal("actioned", (await (await host.Carrier().GetReferralAsync(reference)).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}/feedback", null)).StatusCode);

        // Feedback: drafted, cleared by a supervisor, read by the carrier.
        const string feedback = "Your referral led to a significant detection. The container has been declared abandoned; storage charges stop.";
        Assert.Equal(HttpStatusCode.Accepted, (await Coordinator.DecideAsync(StaffRoles.Coordinator, reference, "feedback", new { decisionId = StaffClient.NewDecisionId(), text = feedback })).StatusCode);
        await Coordinator.WaitForOpenAsync(reference, "feedback-clearance", StaffRoles.Coordinator);
        Assert.Equal(HttpStatusCode.Accepted, (await Supervisor.DecideAsync(StaffRoles.Supervisor, reference, "feedback-clearance", new { decisionId = StaffClient.NewDecisionId(), decision = "release" })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.FeedbackReleased);
        var released = await host.Carrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}/feedback", null);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(feedback, (await released.JsonAsync()).GetProperty("feedback").GetString());
        Assert.Equal("feedback-available", (await (await host.Carrier().GetReferralAsync(reference)).JsonAsync()).GetProperty("status").GetString());

        // Post-incident analysis with the carrier, then closure.
        Assert.Equal(HttpStatusCode.Accepted, (await Coordinator.DecideAsync(StaffRoles.Coordinator, reference, "analysis-schedule", new { decisionId = StaffClient.NewDecisionId(), scheduledFor = DateTimeOffset.UtcNow.AddDays(7) })).StatusCode);
        await WaitForStageAsync(reference, ReferralStatus.InPostIncidentAnalysis);
        Assert.Equal(HttpStatusCode.Accepted, (await Coordinator.DecideAsync(StaffRoles.Coordinator, reference, "analysis", new { decisionId = StaffClient.NewDecisionId(), findings = "Offshore agent accepted the shipment without due diligence", lessons = "Carrier drops the agent; add agent due-diligence to the data points" })).StatusCode);
        var done = await host.Get<DurableTaskClient>().WaitForInstanceCompletionAsync(reference, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("closed", (await (await host.Carrier().GetReferralAsync(reference)).JsonAsync()).GetProperty("status").GetString());

        // The timeline says who did what, in order.
        var (final, _) = await Analyst.ReferralAsync(reference);
        var steps = final.GetProperty("timeline").EnumerateArray().Select(t => (Actor: t.GetProperty("actor").GetString(), Status: t.GetProperty("status").GetString())).ToArray();
        Assert.Contains(steps, s => s.Actor == "staff:ana.lyst" && s.Status == nameof(ReferralStatus.Triaged));
        Assert.Contains(steps, s => s.Actor == "staff:sue.pervisor" && s.Status == nameof(ReferralStatus.FeedbackReleased));
        Assert.Equal(nameof(ReferralStatus.Closed), steps[^1].Status);
        Assert.Equal(8, final.GetProperty("decisions").GetArrayLength());
    }

    private Task<OrchestrationMetadata> WaitForStageAsync(string reference, ReferralStatus stage) =>
        host.Get<DurableTaskClient>().WaitForStageAsync(reference, stage, TimeSpan.FromSeconds(60));
}
