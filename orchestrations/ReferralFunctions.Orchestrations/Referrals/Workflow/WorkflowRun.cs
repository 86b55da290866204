using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// The moves one run of <see cref="ReferralOrchestrator"/> makes, kept deterministic: stage changes and reminders go
/// through activities with ids from the context, and waits for people are WhenAny(decision, timer). Decision ids seen
/// once are ignored after (rebuilt on every replay, so replay-safe).
/// </summary>
internal sealed class WorkflowRun(TaskOrchestrationContext context, string referralId)
{
    private readonly HashSet<string> seenDecisions = new(StringComparer.Ordinal);

    // Timeline entry ids: this run's id (fixed once its first episode is committed) and a step count. Not NewGuid() per
    // step: the engine sends an episode's activity messages before it commits the episode, so after a crash in between
    // it runs the episode again at a new time, NewGuid() differs, and a stage change whose activity already ran would
    // be written twice (seen with kill -9, Reliability/HostCrashTests).
    private readonly string runId = context.NewGuid().ToString("N");
    private int steps;
    private ReferralStatus status = ReferralStatus.Received;
    private Task<StaffDecision>? pendingDecision;

    public TaskOrchestrationContext Context => context;

    public string ReferralId => referralId;

    public DateTime Now => context.CurrentUtcDateTime;

    public async Task MoveToAsync(ReferralStatus next, string actor, string action, string? openDecisions = "", IReadOnlyDictionary<string, string>? facts = null)
    {
        status = next;
        await context.CallActivityAsync<bool>(nameof(RecordStageActivity), new StageChange(referralId, NextEntryId(), Now, actor, action, next, openDecisions, facts));
        context.SetCustomStatus(new ReferralWorkflowStatus(next, openDecisions ?? ""));
    }

    /// <summary>Writes a step on the timeline without changing the stage or the open decisions.</summary>
    public Task RecordAsync(string actor, string action) =>
        context.CallActivityAsync<bool>(nameof(RecordStageActivity), new StageChange(referralId, NextEntryId(), Now, actor, action, status, OpenDecisions: null));

    private string NextEntryId() => $"{runId}-{++steps:D3}";

    public Task RemindAsync(string kind, string recipient, int sequence, DateTime dueAt) =>
        context.CallActivityAsync<bool>(nameof(SendReminderActivity), new ReminderRequest(referralId, kind, recipient, sequence, new DateTimeOffset(dueAt, TimeSpan.Zero), Now));

    /// <summary>The first new decision of one of <paramref name="kinds"/>, or null when <paramref name="fireAt"/> comes first.</summary>
    /// <remarks>
    /// One wait for the decision event stays outstanding across timers and is never cancelled: the worker SDK
    /// (Microsoft.DurableTask.Worker 1.28) still hands an event to a cancelled waiter, which would lose it
    /// (microsoft/durabletask-dotnet#508). Under load an event has still been seen to go missing, so when the timer
    /// fires the run also asks storage, where every accepted decision is recorded, before it gives up waiting.
    /// </remarks>
    public async Task<StaffDecision?> WaitAsync(DateTime fireAt, params string[] kinds)
    {
        using var timerCancel = new CancellationTokenSource();
        var timer = context.CreateTimer(fireAt, timerCancel.Token);
        while (true)
        {
            pendingDecision ??= context.WaitForExternalEvent<StaffDecision>(ReferralEvents.Decision);
            if (await Task.WhenAny(pendingDecision, timer) == timer)
            {
                var stored = await context.CallActivityAsync<StaffDecision?>(
                    nameof(FindAcceptedDecisionActivity), new DecisionLookup(referralId, kinds, [.. seenDecisions]));
                return stored is not null && seenDecisions.Add(stored.DecisionId) ? stored : null;
            }

            var received = await pendingDecision;
            pendingDecision = null;
            if (kinds.Contains(received.Kind, StringComparer.Ordinal) && seenDecisions.Add(received.DecisionId))
            {
                timerCancel.Cancel();
                return received;
            }

            // A repeated decision id, or a decision for a step already passed: ignored.
        }
    }

    /// <summary>Waits for a decision past its SLA, escalating to a supervisor at the SLA and at every interval after.</summary>
    public async Task<StaffDecision> WaitWithEscalationAsync(DateTime due, TimeSpan repeat, string escalationKind, string kind)
    {
        var next = due;
        for (var escalation = 1; ; escalation++)
        {
            var decision = await WaitAsync(next, kind);
            if (decision is not null)
            {
                return decision;
            }

            await RemindAsync(escalationKind, ReminderRecipients.Supervisor, escalation, due);
            next = Now + repeat;
        }
    }
}
