using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.FunctionalTests.Workflow;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>
/// A workflow that fails or is ended is seen by the workflow health check (listed to supervisors, escalated on the
/// reminders topic) and a supervisor's repair carries the referral on from its stored stage to Closed, repeating no step.
/// </summary>
public sealed class WorkflowRepairTests(WorkflowRepairTests.Fixture host) : IClassFixture<WorkflowRepairTests.Fixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Coordinator => new(host.Http, "coral.coordinator", StaffRoles.Coordinator);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    [Fact]
    public async Task A_non_transient_failure_is_listed_and_escalated_and_repair_carries_the_referral_to_closed()
    {
        var reference = await SubmitAsync();
        await ValidateAsync(reference);
        await Analyst.WaitForOpenAsync(reference, "triage", StaffRoles.Analyst);

        // Notifying the agencies fails with an error retries cannot cure: the workflow fails with the referral Triaged.
        host.Publisher.FailNotificationsFor(reference);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        var finding = await WaitForFindingAsync(reference);
        Assert.Equal("failed", finding.GetProperty("problem").GetString());
        Assert.Equal("Failed", finding.GetProperty("orchestrationState").GetString());
        Assert.Equal("Triaged", finding.GetProperty("status").GetString());
        Assert.Equal(typeof(InvalidOperationException).FullName, finding.GetProperty("errorType").GetString());
        Assert.DoesNotContain(FaultyPublisher.Secret, finding.GetRawText(), StringComparison.Ordinal);

        // Supervisors are told on the reminders topic, once.
        var escalation = await WaitForEscalationAsync(reference, "workflow-failed");
        Assert.Equal($"{reference}:workflow-failed:1", escalation.GetProperty("messageId").GetString());

        // The check keeps finding it every second, but publishes it once (Service Bus would drop a repeat only within its window).
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, host.Publisher.Published($"{reference}:workflow-failed:1"));

        // A repair needs the referral's ETag, and its reason; then it carries the referral on from Triaged.
        host.Publisher.Heal();
        var repair = new { decisionId = StaffClient.NewDecisionId(), reason = "Publisher fixed; carry on" };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await RepairAsync(reference, repair, etag: null)).StatusCode);
        var invalid = await RepairAsync(reference, new { decisionId = "x", extra = 1 }, (await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor)).ETag);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["$.decisionId", "$.reason", "$.extra"], (await invalid.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray());

        var (_, etag) = await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor);
        var repaired = await RepairAsync(reference, repair, etag);
        Assert.Equal(HttpStatusCode.Accepted, repaired.StatusCode);
        var answer = await repaired.JsonAsync();
        Assert.Equal("failed", answer.GetProperty("repaired").GetString());
        Assert.Equal("Triaged", answer.GetProperty("resumedAt").GetString());

        // The same repair again is answered the same and starts nothing new.
        var again = await RepairAsync(reference, repair, etag);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);

        await Analyst.WaitForOpenAsync(reference, "treatment", StaffRoles.Analyst);
        var instance = await host.Get<DurableTaskClient>().GetInstanceAsync(reference);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);

        // A healthy workflow needs no repair.
        var healthy = await RepairAsync(reference, new { decisionId = StaffClient.NewDecisionId(), reason = "again" }, (await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor)).ETag);
        Assert.Equal(HttpStatusCode.Conflict, healthy.StatusCode);
        Assert.Equal("urn:referrals:problem:workflow-healthy", (await healthy.JsonAsync()).GetProperty("type").GetString());

        await CarryToClosedAsync(reference);

        // Every step once: one message per agency, one stage entry per stage, the repair on the timeline and audit trail.
        var messages = await (await Analyst.GetAsync($"/api/v1/analyst/messages?topic=referral-notifications&reference={reference}")).JsonAsync();
        var agencies = messages.EnumerateArray().Select(m => m.GetProperty("applicationProperties").GetProperty("agency").GetString()).ToArray();
        Assert.NotEmpty(agencies);
        Assert.Equal(agencies.Distinct().Count(), agencies.Length);
        var (view, _) = await Analyst.ReferralAsync(reference);
        var timeline = view.GetProperty("timeline").EnumerateArray().ToArray();
        foreach (var stage in new[] { "AwaitingValidation", "AwaitingTriage", "Triaged", "AgenciesNotified", "InTreatment", "FeedbackReleased", "Closed" })
        {
            Assert.Single(timeline, e => e.GetProperty("action").GetString()!.Length > 0 && StageEntered(e, stage));
        }

        Assert.Single(timeline, e => e.GetProperty("action").GetString()!.StartsWith("Workflow repaired by a supervisor", StringComparison.Ordinal));
        var audit = await (await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={reference}&purpose=test")).JsonAsync();
        Assert.Single(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "workflow.repaired");
        Assert.DoesNotContain(await FindingsAsync(), f => f.GetProperty("reference").GetString() == reference);
    }

    [Fact]
    public async Task A_decision_accepted_while_the_workflow_was_ended_is_acted_on_after_repair_and_no_reminder_repeats()
    {
        var reference = await SubmitAsync();
        await Analyst.WaitForOpenAsync(reference, "validation", StaffRoles.Analyst);

        // Someone ends the workflow while the referral waits for validation; the carrier is reminded meanwhile? No: it is ended.
        var durable = host.Get<DurableTaskClient>();
        await WaitForReminderAsync(reference, "validation-reminder", 1);
        await durable.TerminateInstanceAsync(reference, "ended by hand");
        await durable.WaitForInstanceCompletionAsync(reference);

        // The analyst's decision is accepted (the step is open in storage) but nobody acts on it.
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() })).StatusCode);
        var finding = await WaitForFindingAsync(reference);
        Assert.Equal("terminated", finding.GetProperty("problem").GetString());
        Assert.Equal("AwaitingValidation", finding.GetProperty("status").GetString());
        await WaitForEscalationAsync(reference, "workflow-terminated");

        var (_, etag) = await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor);
        Assert.Equal(HttpStatusCode.Accepted, (await RepairAsync(reference, new { decisionId = StaffClient.NewDecisionId(), reason = "Ended by mistake" }, etag)).StatusCode);

        // The repaired workflow acts on the stored decision at once and moves to triage.
        await Analyst.WaitForOpenAsync(reference, "triage", StaffRoles.Analyst);
        var (view, _) = await Analyst.ReferralAsync(reference);
        Assert.Equal("validated", view.GetProperty("facts").GetProperty("ValidationOutcome").GetString());
        var timeline = view.GetProperty("timeline").EnumerateArray().ToArray();
        Assert.Single(timeline, e => StageEntered(e, "AwaitingValidation"));
        Assert.Single(timeline, e => e.GetProperty("action").GetString() == "Marked validated by an analyst");

        // Validation reminders already sent are not sent again.
        var reminders = await RemindersAsync(reference, "validation-reminder");
        Assert.Equal(reminders.Select(r => r.GetProperty("sequence").GetInt32()).Distinct().Count(), reminders.Length);
    }

    [Fact]
    public async Task A_suspended_workflow_is_found_stuck_past_its_timer_and_repair_carries_it_on()
    {
        var reference = await SubmitAsync();
        await Analyst.WaitForOpenAsync(reference, "validation", StaffRoles.Analyst);
        var durable = host.Get<DurableTaskClient>();
        await durable.SuspendInstanceAsync(reference, "held");

        // Its timer (the next validation reminder, two seconds away) passes, then the grace period: stuck.
        var finding = await WaitForFindingAsync(reference);
        Assert.Equal("stuck", finding.GetProperty("problem").GetString());
        Assert.Equal("Suspended", finding.GetProperty("orchestrationState").GetString());
        Assert.Equal("AwaitingValidation", finding.GetProperty("status").GetString());

        var (_, etag) = await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor);
        Assert.Equal(HttpStatusCode.Accepted, (await RepairAsync(reference, new { decisionId = StaffClient.NewDecisionId(), reason = "Held by mistake" }, etag)).StatusCode);
        await ValidateAsync(reference);
        await Analyst.WaitForOpenAsync(reference, "triage", StaffRoles.Analyst);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await durable.GetInstanceAsync(reference))!.RuntimeStatus);
    }

    [Fact]
    public async Task A_referral_whose_orchestration_is_gone_is_found_missing_and_repair_starts_it_where_it_was()
    {
        var reference = await SubmitAsync();
        await Analyst.WaitForOpenAsync(reference, "validation", StaffRoles.Analyst);
        var durable = host.Get<DurableTaskClient>();
        await durable.TerminateInstanceAsync(reference, "gone");
        await durable.WaitForInstanceCompletionAsync(reference);
        await durable.PurgeInstanceAsync(reference);

        // The engine may still answer "terminated" for a moment after the purge (a late status write, seen in CI).
        var finding = await WaitForFindingAsync(reference, "missing");
        Assert.Equal("missing", finding.GetProperty("problem").GetString());
        Assert.Equal("Missing", finding.GetProperty("orchestrationState").GetString());

        var (_, etag) = await Supervisor.ReferralAsync(reference, StaffRoles.Supervisor);
        Assert.Equal(HttpStatusCode.Accepted, (await RepairAsync(reference, new { decisionId = StaffClient.NewDecisionId(), reason = "Purged by mistake" }, etag)).StatusCode);
        await ValidateAsync(reference);
        await Analyst.WaitForOpenAsync(reference, "triage", StaffRoles.Analyst);
        var (view, _) = await Analyst.ReferralAsync(reference);
        Assert.Single(view.GetProperty("timeline").EnumerateArray(), e => StageEntered(e, "AwaitingValidation"));
    }

    private static bool StageEntered(JsonElement entry, string stage) =>
        entry.GetProperty("status").GetString() == stage && entry.GetProperty("action").GetString() switch
        {
            var a when stage == "AwaitingValidation" => a!.Contains("validation question(s) sent", StringComparison.Ordinal),
            var a when stage == "AwaitingTriage" => a!.StartsWith("Risk assessed", StringComparison.Ordinal),
            var a when stage == "Triaged" => a!.StartsWith("Triage ", StringComparison.Ordinal),
            var a when stage == "AgenciesNotified" => a!.Contains("agency notification(s) sent", StringComparison.Ordinal),
            var a when stage == "InTreatment" => a!.StartsWith("Treatment chosen", StringComparison.Ordinal),
            var a when stage == "FeedbackReleased" => a!.StartsWith("Feedback cleared", StringComparison.Ordinal),
            var a when stage == "Closed" => a!.StartsWith("Closed", StringComparison.Ordinal),
            _ => false,
        };

    private async Task CarryToClosedAsync(string reference)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "treatment", new { decisionId = StaffClient.NewDecisionId(), treatment = "x-ray", reason = "Check" })).StatusCode);
        await Analyst.WaitForOpenAsync(reference, "outcome", StaffRoles.Analyst);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "outcome", new { decisionId = StaffClient.NewDecisionId(), result = "negative", findings = "Nothing found" })).StatusCode);
        await Coordinator.WaitForOpenAsync(reference, "feedback-draft", StaffRoles.Coordinator);
        Assert.Equal(HttpStatusCode.Accepted, (await Coordinator.DecideAsync(StaffRoles.Coordinator, reference, "feedback", new { decisionId = StaffClient.NewDecisionId(), text = "Thank you; nothing was found." })).StatusCode);
        await Supervisor.WaitForOpenAsync(reference, "feedback-clearance", StaffRoles.Supervisor);
        Assert.Equal(HttpStatusCode.Accepted, (await Supervisor.DecideAsync(StaffRoles.Supervisor, reference, "feedback-clearance", new { decisionId = StaffClient.NewDecisionId(), decision = "release" })).StatusCode);
        await Coordinator.WaitForOpenAsync(reference, "analysis-recorded", StaffRoles.Coordinator);
        Assert.Equal(HttpStatusCode.Accepted, (await Coordinator.DecideAsync(StaffRoles.Coordinator, reference, "analysis", new { decisionId = StaffClient.NewDecisionId(), findings = "None", lessons = "None" })).StatusCode);
        await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.Closed, TimeSpan.FromSeconds(60));
    }

    private async Task<string> SubmitAsync()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
    }

    private async Task ValidateAsync(string reference)
    {
        await Analyst.WaitForOpenAsync(reference, "validation", StaffRoles.Analyst);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() })).StatusCode);
    }

    private Task<HttpResponseMessage> RepairAsync(string reference, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/supervisor/referrals/{reference}/workflow-repair") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return Supervisor.SendAsync(request);
    }

    private async Task<JsonElement[]> FindingsAsync()
    {
        using var response = await Supervisor.GetAsync("/api/v1/supervisor/workflow-health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("findings").EnumerateArray().ToArray();
    }

    /// <summary>The health check's finding on <paramref name="reference"/>; with <paramref name="problem"/>, the first of that problem.</summary>
    private async Task<JsonElement> WaitForFindingAsync(string reference, string? problem = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if ((await FindingsAsync()).FirstOrDefault(f => f.GetProperty("reference").GetString() == reference
                && (problem is null || f.GetProperty("problem").GetString() == problem)) is { ValueKind: JsonValueKind.Object } found) return found;
            await Task.Delay(250, timeout.Token);
        }
    }

    private async Task<JsonElement> WaitForEscalationAsync(string reference, string kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var messages = await (await Supervisor.GetAsync("/api/v1/supervisor/escalations")).JsonAsync();
            var matching = messages.EnumerateArray().Where(m => m.GetProperty("referralId").GetString() == reference && m.GetProperty("kind").GetString() == kind).ToArray();
            if (matching.Length > 0)
            {
                Assert.Single(matching);
                var published = await (await Analyst.GetAsync($"/api/v1/analyst/messages?topic=referral-reminders&reference={reference}")).JsonAsync();
                return Assert.Single(published.EnumerateArray(), m => m.GetProperty("subject").GetString() == kind);
            }

            await Task.Delay(250, timeout.Token);
        }
    }

    private async Task<JsonElement[]> RemindersAsync(string reference, string kind)
    {
        var published = await (await Analyst.GetAsync($"/api/v1/analyst/messages?topic=referral-reminders&reference={reference}")).JsonAsync();
        return published.EnumerateArray().Where(m => m.GetProperty("subject").GetString() == kind)
            .Select(m => m.GetProperty("body")).ToArray();
    }

    private async Task WaitForReminderAsync(string reference, string kind, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await RemindersAsync(reference, kind)).Length < count)
        {
            await Task.Delay(250, timeout.Token);
        }
    }

    /// <summary>The workflow host with a workflow health check every second and a grace of two seconds.</summary>
    public sealed class Fixture : ReferralHostFixture
    {
        public FaultyPublisher Publisher { get; } = new();

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["WorkflowHealth:Interval"] = "00:00:01";
            settings["WorkflowHealth:Grace"] = "00:00:02";
            settings["Workflow:ValidationDeadline"] = "00:01:00";
            settings["Workflow:ValidationReminderInterval"] = "00:00:02";
            settings["Workflow:FeedbackFirstReminder"] = "00:10:00";
            settings["Workflow:AnalysisDeadline"] = "00:10:00";
            foreach (var (key, value) in WorkflowHostFixture.TriageSlas)
            {
                settings[key] = value.Replace("00:00:04", "00:10:00", StringComparison.Ordinal);
            }

            return settings;
        }

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<IReferralMessagePublisher>(provider => Publisher.Over(provider.GetRequiredService<TableMessageOutbox>()));
    }

    /// <summary>The local message outbox, made to fail agency notifications of one referral with an error retries cannot cure.</summary>
    public sealed class FaultyPublisher : IReferralMessagePublisher
    {
        public const string Secret = "forced-failure-detail";
        private IReferralMessagePublisher inner = null!;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> published = new();
        private volatile string? failFor;

        public int Published(string messageId) => published.GetValueOrDefault(messageId);

        public FaultyPublisher Over(IReferralMessagePublisher publisher)
        {
            inner = publisher;
            return this;
        }

        public void FailNotificationsFor(string reference) => failFor = reference;

        public void Heal() => failFor = null;

        public Task PublishAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (message.Topic == MessageTopics.AgencyNotifications && message.ReferralId == failFor)
            {
                throw new InvalidOperationException(Secret);
            }

            published.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
            return inner.PublishAsync(message, cancellationToken);
        }
    }
}
