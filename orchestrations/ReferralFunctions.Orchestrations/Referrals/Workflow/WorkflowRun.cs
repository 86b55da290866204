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
    private string openDecisions = "";
    private Task<StaffDecision>? pendingDecision;
    private bool lookInStorageFirst;

    public TaskOrchestrationContext Context => context;

    public string ReferralId => referralId;

    public DateTime Now => context.CurrentUtcDateTime;

    /// <summary>Calls an activity under the workflow's one retry policy (<see cref="WorkflowRetry"/>).</summary>
    public Task<T> CallAsync<T>(TaskName activity, object? input) => context.CallActivityAsync<T>(activity, input, WorkflowRetry.Activity);

    /// <summary>Set when a repaired workflow picks up from storage (<see cref="ResumeFrom"/>); null for a first run.</summary>
    public ResumePoint? Resumed { get; private set; }

    /// <summary>Moves to <paramref name="next"/>, opening <paramref name="openDecisions"/>, due at <paramref name="dueAt"/> (null: no deadline).</summary>
    public async Task MoveToAsync(ReferralStatus next, string actor, string action, string? openDecisions = "", IReadOnlyDictionary<string, string>? facts = null, DateTime? dueAt = null)
    {
        status = next;
        var due = dueAt is { } d ? new DateTimeOffset(d, TimeSpan.Zero) : (DateTimeOffset?)null;
        await CallAsync<bool>(nameof(RecordStageActivity), new StageChange(referralId, NextEntryId(), Now, actor, action, next, openDecisions, facts, due));
        this.openDecisions = openDecisions ?? "";
        context.SetCustomStatus(new ReferralWorkflowStatus(next, this.openDecisions));
    }

    /// <summary>
    /// Picks up a repaired referral where storage says it is: its stage and open decisions, the decisions already acted
    /// on (never acted on again), and a first wait that looks in storage for a decision accepted while the workflow was
    /// down.
    /// </summary>
    public void ResumeFrom(ResumePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Resumed = point;
        status = point.Status;
        openDecisions = point.OpenDecisions;
        seenDecisions.UnionWith(point.SeenDecisionIds);
        lookInStorageFirst = true;
        context.SetCustomStatus(new ReferralWorkflowStatus(status, openDecisions));
    }

    /// <summary>Whether this run picked up at <paramref name="stage"/> after a repair (and so skips what led to it).</summary>
    public bool ResumesAt(ReferralStatus stage) => Resumed?.Status == stage;

    /// <summary>When <paramref name="stage"/> began: now in a first run, as stored when resumed.</summary>
    public DateTime StageStart(ReferralStatus stage) => Resumed?.Started(stage) ?? Now;

    /// <summary>The sequence number of the next reminder of <paramref name="kind"/> (1 in a first run).</summary>
    public int NextReminder(string kind) => (Resumed?.Sent(kind) ?? 0) + 1;

    /// <summary>Writes a step on the timeline without changing the stage or the open decisions.</summary>
    public Task RecordAsync(string actor, string action) =>
        CallAsync<bool>(nameof(RecordStageActivity), new StageChange(referralId, NextEntryId(), Now, actor, action, status, OpenDecisions: null));

    private string NextEntryId() => $"{runId}-{++steps:D3}";

    public Task RemindAsync(string kind, string recipient, int sequence, DateTime dueAt) =>
        CallAsync<bool>(nameof(SendReminderActivity), new ReminderRequest(referralId, kind, recipient, sequence, new DateTimeOffset(dueAt, TimeSpan.Zero), Now));

    /// <summary>The first new decision of one of <paramref name="kinds"/>, or null when <paramref name="fireAt"/> comes first.</summary>
    /// <remarks>
    /// One wait for the decision event stays outstanding across timers and is never cancelled: the worker SDK
    /// (Microsoft.DurableTask.Worker 1.28) still hands an event to a cancelled waiter, which would lose it
    /// (microsoft/durabletask-dotnet#508). Under load an event has still been seen to go missing, so when the timer
    /// fires the run also asks storage, where every accepted decision is recorded, before it gives up waiting.
    /// </remarks>
    public async Task<StaffDecision?> WaitAsync(DateTime fireAt, params string[] kinds)
    {
        if (lookInStorageFirst)
        {
            // After a repair: a decision accepted while the workflow was down is acted on at once.
            lookInStorageFirst = false;
            if (await FindStoredDecisionAsync(kinds) is { } waiting)
            {
                return waiting;
            }
        }

        // Seen by the workflow health check: past this time (and a grace period) a workflow that has not moved is stuck.
        context.SetCustomStatus(new ReferralWorkflowStatus(status, openDecisions, fireAt));
        using var timerCancel = new CancellationTokenSource();
        var timer = context.CreateTimer(fireAt, timerCancel.Token);
        // DURABLE0011 (while(true) without ContinueAsNew): the loop turns once per decision event received, and a
        // decision is only raised by a staff request the API accepted, so history grows with staff actions, not with
        // time. ContinueAsNew here would also drop the outstanding wait the remarks above explain.
#pragma warning disable DURABLE0011
        while (true)
#pragma warning restore DURABLE0011
        {
            pendingDecision ??= context.WaitForExternalEvent<StaffDecision>(ReferralEvents.Decision);
            if (await Task.WhenAny(pendingDecision, timer) == timer)
            {
                return await FindStoredDecisionAsync(kinds);
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

    private async Task<StaffDecision?> FindStoredDecisionAsync(string[] kinds)
    {
        var stored = await CallAsync<StaffDecision?>(nameof(FindAcceptedDecisionActivity), new DecisionLookup(referralId, kinds, [.. seenDecisions]));
        return stored is not null && seenDecisions.Add(stored.DecisionId) ? stored : null;
    }

    /// <summary>Waits for a decision past its SLA, escalating to a supervisor at the SLA and at every interval after.</summary>
    public async Task<StaffDecision> WaitWithEscalationAsync(DateTime due, TimeSpan repeat, string escalationKind, string kind)
    {
        // A resumed run continues the escalations' numbering, so none is sent twice, and escalates at once only if none was sent.
        var first = NextReminder(escalationKind);
        var next = first == 1 ? due : Now + repeat;
        for (var escalation = first; ; escalation++)
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
