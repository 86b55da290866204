using System.Net;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.LocalHost;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// A deployment that changes the workflow carries the referrals already in flight on the path they started on: instances
/// parked at several waits under the current version finish on the old path after the host restarts with a workflow that
/// adds a step under a new version, while instances started after the restart take the new step.
/// </summary>
public sealed class WorkflowVersioningTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Instances_started_before_a_workflow_change_finish_on_their_old_path()
    {
        // Under the current workflow: three referrals parked at three different waits.
        var atValidation = await SubmitAsync();
        var atTriage = await SubmitAsync();
        var atTreatment = await SubmitAsync();
        await WalkAsync(atValidation, until: ReferralStatus.AwaitingValidation);
        await WalkAsync(atTriage, until: ReferralStatus.AwaitingTriage);
        await WalkAsync(atTreatment, until: ReferralStatus.AgenciesNotified);
        var old = new[] { atValidation, atTriage, atTreatment };
        foreach (var reference in old)
        {
            Assert.Equal(WorkflowVersion.Current, await StoredVersionAsync(reference));
        }

        // The deployment: the same orchestrator name, now with a step added under a new version.
        await host.StopHostAsync();
        host.Workflow = WorkflowWithScreening.Workflow;
        await host.StartHostAsync();

        var started = await SubmitAsync();
        await WalkAsync(started, until: ReferralStatus.AwaitingValidation);
        Assert.Equal(WorkflowWithScreening.Version, await StoredVersionAsync(started));

        foreach (var reference in old.Append(started))
        {
            await WalkAsync(reference, until: ReferralStatus.Closed);
            using var timeout = new CancellationTokenSource(StageTimeout);
            var done = await Durable.WaitForInstanceCompletionAsync(reference, timeout.Token);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{reference}: {done.RuntimeStatus} {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}");
        }

        // The new step ran once for the instance started under the new version, and never for those started before it.
        foreach (var reference in old)
        {
            Assert.Equal(0, await ScreeningEntriesAsync(reference));
        }

        Assert.Equal(1, await ScreeningEntriesAsync(started));
    }

    private DurableTaskClient Durable => host.Get<DurableTaskClient>();

    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Coordinator => new(host.Http, "coral.coordinator", StaffRoles.Coordinator);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    private async Task<string> SubmitAsync()
    {
        var response = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("reference").GetString()!;
    }

    /// <summary>The version the engine stored for the instance (the client API does not show it).</summary>
    private async Task<string> StoredVersionAsync(string reference)
    {
        var state = await host.Get<IOrchestrationServiceClient>().GetOrchestrationStateAsync(reference, executionId: null);
        return state.Version;
    }

    private async Task<int> ScreeningEntriesAsync(string reference)
    {
        var (view, _) = await Analyst.ReferralAsync(reference);
        return view.GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("action").GetString() == WorkflowWithScreening.Action);
    }

    /// <summary>Takes every decision the referral waits for, from where it stands, until it reaches <paramref name="until"/>.</summary>
    private async Task WalkAsync(string reference, ReferralStatus until)
    {
        var steps = new (ReferralStatus Waiting, Func<Task> Decide)[]
        {
            (ReferralStatus.AwaitingValidation, () => DecideAsync(Analyst, StaffRoles.Analyst, reference, "validation", new { decisionId = StaffClient.NewDecisionId() })),
            (ReferralStatus.AwaitingTriage, () => DecideAsync(Analyst, StaffRoles.Analyst, reference, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })),
            (ReferralStatus.AgenciesNotified, () => DecideAsync(Analyst, StaffRoles.Analyst, reference, "treatment", new { decisionId = StaffClient.NewDecisionId(), treatment = "unpack", reason = "Versioning test" })),
            (ReferralStatus.InTreatment, () => DecideAsync(Analyst, StaffRoles.Analyst, reference, "outcome", new { decisionId = StaffClient.NewDecisionId(), result = "negative", findings = "Nothing found", followUpActions = Array.Empty<string>() })),
            (ReferralStatus.OutcomeRecorded, async () =>
            {
                await DecideAsync(Coordinator, StaffRoles.Coordinator, reference, "feedback", new { decisionId = StaffClient.NewDecisionId(), text = "Thank you; nothing was found." });
                await Coordinator.WaitForOpenAsync(reference, "feedback-clearance", StaffRoles.Coordinator);
                await DecideAsync(Supervisor, StaffRoles.Supervisor, reference, "feedback-clearance", new { decisionId = StaffClient.NewDecisionId(), decision = "release" });
            }),
            (ReferralStatus.FeedbackReleased, () => DecideAsync(Coordinator, StaffRoles.Coordinator, reference, "analysis", new { decisionId = StaffClient.NewDecisionId(), findings = "None", lessons = "None" })),
        };

        var next = steps.Select(s => s.Waiting).Append(ReferralStatus.Closed).ToArray();
        for (var i = 0; i < steps.Length; i++)
        {
            var stage = (await Durable.GetInstanceAsync(reference, getInputsAndOutputs: true))?.ReadCustomStatusAs<ReferralWorkflowStatus>()?.Stage;
            if (stage is not null && Array.IndexOf(next, stage.Value) > i)
            {
                continue;
            }

            await Durable.WaitForStageAsync(reference, steps[i].Waiting, StageTimeout);
            if (steps[i].Waiting == until)
            {
                return;
            }

            await steps[i].Decide();
        }

        Assert.Equal(ReferralStatus.Closed, until);
    }

    private static async Task DecideAsync(StaffClient staff, string role, string reference, string step, object body)
    {
        using var response = await staff.DecideAsync(role, reference, step, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{reference} {step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The referral workflow as a later release might change it: version 2 screens every referral against a watch list
    /// before anything else. The step goes first on purpose: every instance started earlier has already passed that
    /// point, so running it on their replay would break it (a non-determinism failure) — unless it is gated by version.
    /// </summary>
    private sealed class WorkflowWithScreening : TaskOrchestrator<ReferralWorkflowInput, ReferralWorkflowResult>
    {
        public const string Version = "2";

        public const string Action = "Screened against the watch list";

        public static LocalWorkflow Workflow { get; } = new(Version, tasks =>
        {
            foreach (var activity in ReferralTasks.Activities)
            {
                tasks.AddActivity(activity);
            }

            tasks.AddOrchestrator(nameof(ReferralOrchestrator), () => new WorkflowWithScreening());
        });

        public override async Task<ReferralWorkflowResult> RunAsync(TaskOrchestrationContext context, ReferralWorkflowInput input)
        {
            if (context.IsAtLeast(Version))
            {
                // The analyzer looks for activities in this assembly only; this one is the workflow's, from ReferralTasks.
#pragma warning disable DURABLE2003
                await context.CallActivityAsync<bool>(nameof(RecordStageActivity), new StageChange(
                    input.ReferralId, context.NewGuid().ToString("N"), context.CurrentUtcDateTime, ReferralOrchestrator.SystemActor, Action, ReferralStatus.Received, OpenDecisions: null));
#pragma warning restore DURABLE2003
            }

            return await new ReferralOrchestrator().RunAsync(context, input);
        }
    }
}
