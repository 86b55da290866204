using System.Net;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ReferralFunctions.Carriers;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>The local host with every log line of every category captured, down to Trace.</summary>
public sealed class LoggingHostFixture : ReferralHostFixture
{
    public FakeLogCollector Logs { get; } = new();

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(new FakeLoggerProvider(Logs));
        logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Trace);
    }
}

/// <summary>
/// Runs a referral from submission to released feedback and scans every captured log line (message, state and
/// exception) for confidential values, secrets and credentials: none may appear.
/// </summary>
public sealed class LogConfidentialityTests(LoggingHostFixture host) : IClassFixture<LoggingHostFixture>
{
    [Fact]
    public async Task No_log_line_holds_confidential_content_a_secret_or_a_credential()
    {
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        var coordinator = new StaffClient(host.Http, "coral.coordinator", StaffRoles.Coordinator);
        var supervisor = new StaffClient(host.Http, "sue.pervisor", StaffRoles.Supervisor);
        const string findings = "Six hundred and twenty-six litres in two unbranded pallets";
        const string feedback = "Thank you: your referral led to a detection at the terminal";
        const string answer = "Gate staff saw the consignee's driver twice";

        var signatures = new List<string>();
        var submitted = await host.Carrier().SendAsync(HttpMethod.Post, "/api/v1/referrals", Encoding.UTF8.GetBytes(TestReferrals.Example().ToJsonString()), r =>
        {
            r.Headers.Add("Idempotency-Key", CarrierClient.NewKey());
            r.Content!.Headers.ContentType = new("application/json");
            signatures.Add(r.Headers.GetValues(CarrierHeaders.Signature).Single());
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        var durable = host.Get<DurableTaskClient>();
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Carrier().SendAsync(HttpMethod.Post, $"/api/v1/referrals/{reference}/validation",
            Encoding.UTF8.GetBytes($$"""{"confirm":true,"additionalInformation":"{{answer}}"}"""),
            r => { r.Headers.Add("Idempotency-Key", CarrierClient.NewKey()); r.Content!.Headers.ContentType = new("application/json"); })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingTriage);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.AgenciesNotified);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "treatment", new { decisionId = StaffClient.NewDecisionId(), treatment = "unpack", reason = "Pallets plainly wrapped" })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.InTreatment);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, reference, "outcome", new { decisionId = StaffClient.NewDecisionId(), result = "positive", findings })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.OutcomeRecorded);
        Assert.Equal(HttpStatusCode.Accepted, (await coordinator.DecideAsync(StaffRoles.Coordinator, reference, "feedback", new { decisionId = StaffClient.NewDecisionId(), text = feedback })).StatusCode);
        await Task.Delay(1000);
        Assert.Equal(HttpStatusCode.Accepted, (await supervisor.DecideAsync(StaffRoles.Supervisor, reference, "feedback-clearance", new { decisionId = StaffClient.NewDecisionId(), decision = "release" })).StatusCode);
        await durable.WaitForStageAsync(reference, ReferralStatus.FeedbackReleased);
        Assert.Equal(HttpStatusCode.OK, (await host.Carrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}/feedback", null)).StatusCode);

        var token = DevelopmentTokenIssuer.Issue("ana.lyst", "ana.lyst", [StaffRoles.Analyst], TimeSpan.FromHours(1), new StaffAuthOptions());
        string[] forbidden =
        [
            "Security Officer", "security@example-carrier.test", "+61 3 9000 0001",          // reporting person
            "Example Imports Pty Ltd", "+61 3 9000 0000", "1 Nowhere St", "Example Export Co", // parties
            "Dry container uncollected for eight weeks",                                      // free text
            answer, findings, feedback, "Pallets plainly wrapped",                            // answers, reasons, feedback
            LocalCarrierSecretStore.DemoSecret, signatures[0], token.Split('.')[2],            // secrets and credentials
        ];
        var lines = host.Logs.GetSnapshot();
        Assert.True(lines.Count > 100, $"expected a full run's logs, captured {lines.Count} lines");
        foreach (var line in lines)
        {
            var text = $"{line.Category} {line.Message} {line.Exception} {string.Join(" ", line.StructuredState?.Select(p => p.Value) ?? [])}";
            foreach (var value in forbidden)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"log line of {line.Category} holds a confidential value: {line.Message}");
            }
        }
    }
}
