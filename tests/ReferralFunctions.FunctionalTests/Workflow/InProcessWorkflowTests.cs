using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// The referral orchestration in the in-process durable test host (real replay), its activities on Azurite: the worked
/// example driven by decision events, duplicate and late events, and a carrier that never validates.
/// </summary>
public sealed class InProcessWorkflowTests : IAsyncLifetime
{
    private DurableTaskTestHost host = null!;

    private DurableTaskClient Client => host.Client;

    public async Task InitializeAsync()
    {
        await TestAzurite.EnsureRunningAsync();
        var prefix = "p" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["ReferralStorage:TablePrefix"] = prefix,
            ["Workflow:ValidationDeadline"] = "00:00:04",
            ["Workflow:ValidationReminderInterval"] = "00:00:01",
            ["Workflow:FeedbackFirstReminder"] = "00:10:00",
            ["Workflow:EscalationRepeatInterval"] = "00:00:01",
            ["Triage:TriageSlas:high"] = "00:00:01",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        host = await InProcessDurableHost.StartAsync(
            ReferralTasks.Register,
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddReferralServices(configuration);
                },
            });
        await host.Services.GetRequiredService<ReferralTables>().CreateIfNotExistsAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_worked_example_runs_from_receipt_to_closure_on_decisions()
    {
        var id = await StoreExampleAsync();
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReferralOrchestrator), new ReferralWorkflowInput(id), new Microsoft.DurableTask.StartOrchestrationOptions(id));

        await Client.WaitForStageAsync(id, ReferralStatus.AwaitingValidation);
        await DecideAsync(id, DecisionKinds.Validation, "carrier:DEMO", "confirmed");
        await Client.WaitForStageAsync(id, ReferralStatus.AwaitingTriage);
        await DecideAsync(id, DecisionKinds.Triage, "staff:ana", "approve");
        await Client.WaitForStageAsync(id, ReferralStatus.AgenciesNotified);
        await DecideAsync(id, DecisionKinds.Treatment, "staff:ana", "unpack");
        await Client.WaitForStageAsync(id, ReferralStatus.InTreatment);
        await DecideAsync(id, DecisionKinds.Outcome, "staff:ana", "positive", followUps: ["declare-container-abandoned"]);
        await Client.WaitForStageAsync(id, ReferralStatus.OutcomeRecorded);
        await DecideAsync(id, DecisionKinds.FeedbackDraft, "staff:coral");
        await DecideAsync(id, DecisionKinds.FeedbackClearance, "staff:sue", "release");
        await Client.WaitForStageAsync(id, ReferralStatus.FeedbackReleased);
        await DecideAsync(id, DecisionKinds.AnalysisScheduled, "staff:coral", scheduledFor: DateTimeOffset.UtcNow.AddDays(7));
        await Client.WaitForStageAsync(id, ReferralStatus.InPostIncidentAnalysis);
        await DecideAsync(id, DecisionKinds.AnalysisRecorded, "staff:coral");

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ReferralStatus.Closed, done.ReadOutputAs<ReferralWorkflowResult>()!.FinalStatus);

        var referral = (await Referrals.FindAsync(id, CancellationToken.None))!;
        Assert.Equal(("high", "unpack", "positive", "declare-container-abandoned"),
            (referral.Fact("Priority"), referral.Fact("Treatment"), referral.Fact("OutcomeResult"), referral.Fact("FollowUps")));
        var police = (await host.Services.GetRequiredService<IOutboundMessageLog>().ListAsync(MessageTopics.AgencyNotifications, id, CancellationToken.None))
            .Single(m => m.ApplicationProperties["agency"] == "POLICE");
        Assert.DoesNotContain("Security Officer", police.Body, StringComparison.Ordinal);
        var timeline = await host.Services.GetRequiredService<TimelineStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(ReferralStatus.Closed, timeline.OrderBy(t => t.At).Last().Status);

        // History holds ids and structured fields only: nothing the carrier wrote.
        var history = done.SerializedInput + done.SerializedOutput + done.SerializedCustomStatus;
        Assert.DoesNotContain("Example Imports", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_and_late_decisions_are_ignored()
    {
        var id = await StoreExampleAsync();
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReferralOrchestrator), new ReferralWorkflowInput(id), new Microsoft.DurableTask.StartOrchestrationOptions(id));
        await Client.WaitForStageAsync(id, ReferralStatus.AwaitingValidation);

        // A triage decision before triage is open is dropped, not kept for later.
        await DecideAsync(id, DecisionKinds.Triage, "staff:early", "approve");
        await DecideAsync(id, DecisionKinds.Validation, "staff:ana", decisionId: "validation-1");
        await Client.WaitForStageAsync(id, ReferralStatus.AwaitingTriage);
        await DecideAsync(id, DecisionKinds.Validation, "staff:ana", decisionId: "validation-1");
        await Task.Delay(1500);
        Assert.Equal(ReferralStatus.AwaitingTriage, (await Referrals.FindAsync(id, CancellationToken.None))!.Status);

        await DecideAsync(id, DecisionKinds.Triage, "staff:ana", "approve", decisionId: "triage-1");
        await DecideAsync(id, DecisionKinds.Triage, "staff:other", "approve", decisionId: "triage-1");
        await Client.WaitForStageAsync(id, ReferralStatus.AgenciesNotified);

        var timeline = await host.Services.GetRequiredService<TimelineStore>().GetAsync(id, CancellationToken.None);
        Assert.Single(timeline, t => t.Status == ReferralStatus.Triaged);
        Assert.DoesNotContain(timeline, t => t.Actor is "staff:early" or "staff:other");
    }

    [Fact]
    public async Task A_carrier_that_never_validates_is_reminded_then_the_referral_moves_on()
    {
        var id = await StoreExampleAsync();
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReferralOrchestrator), new ReferralWorkflowInput(id), new Microsoft.DurableTask.StartOrchestrationOptions(id));

        await Client.WaitForStageAsync(id, ReferralStatus.AwaitingTriage, TimeSpan.FromSeconds(30));

        var referral = (await Referrals.FindAsync(id, CancellationToken.None))!;
        Assert.Equal("not-validated-by-carrier", referral.Fact("ValidationOutcome"));
        var reminders = await host.Services.GetRequiredService<IOutboundMessageLog>().ListAsync(MessageTopics.Reminders, id, CancellationToken.None);
        // Timers fire no earlier than due, so a loaded machine may fit fewer reminders before the deadline; at least one.
        Assert.NotEmpty(reminders);
        Assert.All(reminders, r => Assert.Equal("carrier", r.ApplicationProperties["recipientRole"]));
        Assert.Equal(Enumerable.Range(1, reminders.Count).Select(i => $"{id}:validation-reminder:{i}"), reminders.Select(r => r.MessageId));
    }

    [Fact]
    public async Task A_decision_after_repeated_sla_escalations_is_still_received()
    {
        var id = await StoreExampleAsync();
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReferralOrchestrator), new ReferralWorkflowInput(id), new Microsoft.DurableTask.StartOrchestrationOptions(id));
        await Client.WaitForStageAsync(id, ReferralStatus.AwaitingValidation);
        await DecideAsync(id, DecisionKinds.Validation, "staff:ana");
        await Client.WaitForStageAsync(id, ReferralStatus.AwaitingTriage);

        var log = host.Services.GetRequiredService<IOutboundMessageLog>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while ((await log.ListAsync(MessageTopics.Reminders, id, CancellationToken.None)).Count(m => m.ApplicationProperties["kind"] == ReminderKinds.TriageSlaBreach) < 3)
            {
                await Task.Delay(200, timeout.Token);
            }
        }

        await DecideAsync(id, DecisionKinds.Triage, "staff:ana", "approve");
        await Client.WaitForStageAsync(id, ReferralStatus.AgenciesNotified);
    }

    private ReferralRepository Referrals => host.Services.GetRequiredService<ReferralRepository>();

    private async Task<string> StoreExampleAsync()
    {
        var body = Encoding.UTF8.GetBytes(TestReferrals.Example().ToJsonString());
        var now = DateTimeOffset.UtcNow;
        var id = ReferenceNumber.Create(now);
        await Referrals.CreateAsync(
            new ReferralRecord(id, "DEMO", ReferralStatus.Received, now, now, "suspicious-shipment", "digest", body.Length, "2026.1",
                ["UNCOLLECTED_CONTAINER", "PARTY_UNCONTACTABLE", "INVALID_CONSIGNEE_PHONE", "INVALID_CONSIGNEE_ADDRESS"], [], []),
            body,
            CancellationToken.None);
        return id;
    }

    private Task DecideAsync(string id, string kind, string actor, string? choice = null, string? decisionId = null, IReadOnlyList<string>? followUps = null, DateTimeOffset? scheduledFor = null) =>
        Client.RaiseEventAsync(id, ReferralEvents.Decision, new StaffDecision(decisionId ?? Guid.NewGuid().ToString("N"), kind, actor, choice, FollowUps: followUps, ScheduledFor: scheduledFor));
}
