using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Carriers;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// One referral carried from submission to released feedback through the HTTP API, with confidential values in every
/// place the system takes free text: the submission (reporting person, parties, narrative, attachment), the validation
/// question and answer, a decision reason, the findings and the feedback. <see cref="Forbidden"/> lists what must never
/// be seen outside the API's authorised answers.
/// </summary>
public sealed record ConfidentialRun(string Reference, IReadOnlyList<string> Forbidden)
{
    private const string Narrative = "Night shift saw two men unseal the container and reseal it with a new seal";
    private const string Attachment = "evidence/seal-photo-7781-night-shift.jpg";
    private const string Question = "Which gate lane did the driver use on the second visit";
    private const string Answer = "Gate staff saw the consignee's driver twice";
    private const string Reason = "Pallets plainly wrapped";
    private const string Findings = "Six hundred and twenty-six litres in two unbranded pallets";
    private const string Feedback = "Thank you: your referral led to a detection at the terminal";

    /// <summary>The run, submitted and followed by <paramref name="carrier"/> (by default the DEMO carrier).</summary>
    public static async Task<ConfidentialRun> RunAsync(ReferralHostFixture host, CarrierClient? carrier = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        carrier ??= host.Carrier();
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        var coordinator = new StaffClient(host.Http, "coral.coordinator", StaffRoles.Coordinator);
        var supervisor = new StaffClient(host.Http, "sue.pervisor", StaffRoles.Supervisor);

        var referral = TestReferrals.ExampleWith(r =>
        {
            r["narrative"] = Narrative;
            r["attachments"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["reference"] = Attachment, ["mediaType"] = "image/jpeg" });
        });
        var signatures = new List<string>();
        var submitted = await carrier.SendAsync(HttpMethod.Post, "/api/v1/referrals", Encoding.UTF8.GetBytes(referral.ToJsonString()), r =>
        {
            r.Headers.Add("Idempotency-Key", CarrierClient.NewKey());
            r.Content!.Headers.ContentType = new("application/json");
            signatures.Add(r.Headers.GetValues(CarrierHeaders.Signature).Single());
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        var durable = host.Get<DurableTaskClient>();
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        Assert.Equal(HttpStatusCode.Created, (await analyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/questions")
        {
            Content = JsonContent.Create(new { question = Question, path = "$.shipment" }),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await carrier.SendAsync(HttpMethod.Post, $"/api/v1/referrals/{reference}/validation",
            Encoding.UTF8.GetBytes($$"""{"confirm":true,"additionalInformation":"{{Answer}}"}"""),
            r => { r.Headers.Add("Idempotency-Key", CarrierClient.NewKey()); r.Content!.Headers.ContentType = new("application/json"); })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingTriage);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.AgenciesNotified);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "treatment", new { decisionId = StaffClient.NewDecisionId(), treatment = "unpack", reason = Reason })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.InTreatment);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "outcome", new { decisionId = StaffClient.NewDecisionId(), result = "positive", findings = Findings })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.OutcomeRecorded);
        Assert.Equal(HttpStatusCode.Accepted, (await coordinator.DecideAsync(StaffRoles.Coordinator, reference, "feedback", new { decisionId = StaffClient.NewDecisionId(), text = Feedback })).StatusCode);
        await supervisor.WaitForOpenAsync(reference, "feedback-clearance", StaffRoles.Supervisor);
        Assert.Equal(HttpStatusCode.Accepted, (await supervisor.DecideAsync(StaffRoles.Supervisor, reference, "feedback-clearance", new { decisionId = StaffClient.NewDecisionId(), decision = "release" })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.FeedbackReleased);

        // The authorised paths still show the content: the carrier its feedback, the analyst the question.
        var released = await carrier.SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}/feedback", null);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Contains(Feedback, await released.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (view, _) = await analyst.ReferralAsync(reference);
        Assert.Contains(Question, view.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(Findings, view.GetRawText(), StringComparison.Ordinal);

        var token = DevelopmentTokenIssuer.Issue("ana.lyst", "ana.lyst", [StaffRoles.Analyst], TimeSpan.FromHours(1), new StaffAuthOptions());
        string[] forbidden =
        [
            "Security Officer", "security@example-carrier.test", "+61 3 9000 0001",          // reporting person
            "Example Imports Pty Ltd", "+61 3 9000 0000", "1 Nowhere St", "Example Export Co", // parties
            Narrative, Attachment,                                                            // narrative, attachments
            Question, Answer, Findings, Feedback, Reason,                                     // questions, answers, reasons, feedback
            LocalCarrierSecretStore.DemoSecret, signatures[0], token.Split('.')[2],            // secrets and credentials
        ];
        return new ConfidentialRun(reference, forbidden);
    }
}
