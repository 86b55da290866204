using Microsoft.DurableTask;
using ReferralFunctions.Audit;
using ReferralFunctions.Referrals.Triage;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Carries one referral (instance id = referral id) from receipt to closure: validation with the carrier, triage,
/// agency notification, treatment and outcome, feedback with reminders and escalation, post-incident analysis.
/// Deterministic: time, ids and waits come from the orchestration context; durations come from an activity's result.
/// Every wait for a person is WhenAny(decision event, durable timer).
/// </summary>
[DurableTask(nameof(ReferralOrchestrator))]
public sealed class ReferralOrchestrator : TaskOrchestrator<ReferralWorkflowInput, ReferralWorkflowResult>
{
    /// <summary>The actor recorded on the timeline for steps the system takes by itself.</summary>
    public const string SystemActor = Actor.SystemName;

    public override async Task<ReferralWorkflowResult> RunAsync(TaskOrchestrationContext context, ReferralWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new WorkflowRun(context, input.ReferralId);
        try
        {
            return await RunStepsAsync(run, input);
        }
        catch (TaskFailedException failure)
        {
            // Kept on the referral for the workflow health check; the workflow still fails, and a supervisor repairs it.
            await RecordFailureAsync(run, failure);
            throw;
        }
    }

    private static async Task RecordFailureAsync(WorkflowRun run, TaskFailedException failure)
    {
        try
        {
            await run.CallAsync<bool>(nameof(RecordWorkflowErrorActivity), new WorkflowError(run.ReferralId, failure.TaskName, failure.FailureDetails.ErrorType));
        }
        catch (TaskFailedException)
        {
            // Storage is out of reach: the health check still finds the failed orchestration, without the error type.
        }
    }

    private static async Task<ReferralWorkflowResult> RunStepsAsync(WorkflowRun run, ReferralWorkflowInput input)
    {
        var timings = await run.CallAsync<WorkflowTimings>(nameof(LoadWorkflowTimingsActivity), input.ReferralId);
        if (input.Resume)
        {
            run.ResumeFrom(await run.CallAsync<ResumePoint>(nameof(LoadResumePointActivity), input.ReferralId));
        }

        // A repaired workflow skips the steps storage says are done; a first run (from = Received) takes every step.
        var from = run.Resumed?.Status ?? ReferralStatus.Received;
        var validated = from <= ReferralStatus.AwaitingValidation ? await ValidateWithCarrierAsync(run, timings) : run.Resumed!.Validated;
        var (priority, agencies) = from <= ReferralStatus.AwaitingTriage
            ? await TriageAsync(run, timings, validated)
            : (run.Resumed!.Priority ?? Priorities.Medium, run.Resumed.Agencies);
        if (from <= ReferralStatus.Triaged)
        {
            await NotifyAgenciesAsync(run, timings, priority, agencies);
        }

        if (from <= ReferralStatus.InTreatment)
        {
            await TreatAsync(run, timings, priority);
        }

        if (from <= ReferralStatus.OutcomeRecorded)
        {
            await GiveFeedbackAsync(run, timings);
        }

        var analysed = await AnalyseWithCarrierAsync(run, timings);

        await run.MoveToAsync(ReferralStatus.Closed, SystemActor, analysed ? "Closed after post-incident analysis" : "Closed: no post-incident analysis was recorded in time");
        return new ReferralWorkflowResult(input.ReferralId, ReferralStatus.Closed);
    }

    private static async Task<bool> ValidateWithCarrierAsync(WorkflowRun run, WorkflowTimings timings)
    {
        var resumed = run.ResumesAt(ReferralStatus.AwaitingValidation);
        if (!resumed)
        {
            var questions = await run.CallAsync<int>(nameof(PrepareValidationActivity), run.ReferralId);
            await run.MoveToAsync(ReferralStatus.AwaitingValidation, SystemActor, $"{questions} validation question(s) sent to the carrier", DecisionKinds.Validation,
                dueAt: run.Now + timings.ValidationDeadline);
        }

        var start = run.StageStart(ReferralStatus.AwaitingValidation);
        var deadline = start + timings.ValidationDeadline;
        for (var reminder = run.NextReminder(ReminderKinds.ValidationReminder); ; reminder++)
        {
            // Reminder n falls n intervals after validation began; a resumed run sends one that fell due while it was down.
            var next = Earliest(resumed ? Latest(run.Now, start + (reminder * timings.ValidationReminderInterval)) : run.Now + timings.ValidationReminderInterval, deadline);
            resumed = false;
            var decision = await run.WaitAsync(next, DecisionKinds.Validation);
            if (decision is not null)
            {
                await run.RecordAsync(decision.Actor, Actor.IsCarrier(decision.Actor) ? "Carrier answered the validation questions" : "Marked validated by an analyst");
                return true;
            }

            if (run.Now >= deadline)
            {
                await run.RecordAsync(SystemActor, "Validation deadline passed: not validated by carrier");
                return false;
            }

            await run.RemindAsync(ReminderKinds.ValidationReminder, ReminderRecipients.Carrier, reminder, deadline);
        }
    }

    private static async Task<(string Priority, IReadOnlyList<string> Agencies)> TriageAsync(WorkflowRun run, WorkflowTimings timings, bool validated)
    {
        var proposal = await run.CallAsync<TriageProposal>(nameof(AssessRiskActivity), new AssessRiskInput(run.ReferralId, validated));
        if (!run.ResumesAt(ReferralStatus.AwaitingTriage))
        {
            await run.MoveToAsync(
                ReferralStatus.AwaitingTriage,
                SystemActor,
                $"Risk assessed: score {proposal.Score}, proposed priority {proposal.Priority}, agencies {Join(proposal.ProposedAgencies)}, treatment {proposal.ProposedTreatment}",
                DecisionKinds.Triage,
                new Dictionary<string, string> { [WorkflowFacts.ProposedPriority] = proposal.Priority, [WorkflowFacts.ValidationOutcome] = validated ? ValidationOutcomes.Validated : ValidationOutcomes.NotValidatedByCarrier },
                run.Now + proposal.TriageSla);
        }

        var decision = await run.WaitWithEscalationAsync(run.StageStart(ReferralStatus.AwaitingTriage) + proposal.TriageSla, timings.EscalationRepeatInterval, ReminderKinds.TriageSlaBreach, DecisionKinds.Triage);
        var priority = decision.Priority ?? proposal.Priority;
        var agencies = decision.Agencies ?? proposal.ProposedAgencies;
        await run.MoveToAsync(
            ReferralStatus.Triaged,
            decision.Actor,
            $"Triage {(decision.Choice == DecisionChoices.Override ? "overridden" : "approved")}: priority {priority}, agencies {Join(agencies)}",
            facts: new Dictionary<string, string> { [WorkflowFacts.Priority] = priority });
        return (priority, agencies);
    }

    private static async Task NotifyAgenciesAsync(WorkflowRun run, WorkflowTimings timings, string priority, IReadOnlyList<string> agencies)
    {
        var sent = await run.CallAsync<int>(nameof(NotifyAgenciesActivity), new NotifyAgenciesInput(run.ReferralId, priority, agencies));
        await run.MoveToAsync(ReferralStatus.AgenciesNotified, SystemActor, $"{sent} agency notification(s) sent: {Join(agencies)}", DecisionKinds.Treatment,
            dueAt: run.Now + timings.TreatmentSla(priority));
    }

    private static async Task TreatAsync(WorkflowRun run, WorkflowTimings timings, string priority)
    {
        var due = run.StageStart(ReferralStatus.AgenciesNotified) + timings.TreatmentSla(priority);
        if (!run.ResumesAt(ReferralStatus.InTreatment))
        {
            var treatment = await run.WaitWithEscalationAsync(due, timings.EscalationRepeatInterval, ReminderKinds.TreatmentSlaBreach, DecisionKinds.Treatment);
            await run.MoveToAsync(ReferralStatus.InTreatment, treatment.Actor, $"Treatment chosen: {treatment.Choice}", DecisionKinds.Outcome,
                new Dictionary<string, string> { [WorkflowFacts.Treatment] = treatment.Choice ?? "" }, due);
        }

        var outcome = await run.WaitWithEscalationAsync(due, timings.EscalationRepeatInterval, ReminderKinds.TreatmentSlaBreach, DecisionKinds.Outcome);
        var followUps = outcome.FollowUps is { Count: > 0 } f ? "; follow-up: " + Join(f) : "";
        await run.MoveToAsync(ReferralStatus.OutcomeRecorded, outcome.Actor, $"Outcome recorded: {outcome.Choice}{followUps}", DecisionKinds.FeedbackDraft,
            new Dictionary<string, string> { [WorkflowFacts.OutcomeResult] = outcome.Choice ?? "", [WorkflowFacts.FollowUps] = Join(outcome.FollowUps ?? []) },
            run.Now + timings.FeedbackDeadline);
    }

    private static async Task GiveFeedbackAsync(WorkflowRun run, WorkflowTimings timings)
    {
        var start = run.StageStart(ReferralStatus.OutcomeRecorded);
        var due = start + timings.FeedbackDeadline;
        var reminders = run.NextReminder(ReminderKinds.FeedbackReminder) - 1;
        var escalations = run.NextReminder(ReminderKinds.FeedbackEscalation) - 1;
        var nextReminder = reminders == 0 ? start + timings.FeedbackFirstReminder : run.Now + timings.FeedbackReminderInterval;

        // Once a draft exists the supervisor's clearance is awaited too (a resumed run reads that from storage).
        var open = run.ResumesAt(ReferralStatus.OutcomeRecorded) && run.Resumed!.FeedbackDrafted
            ? new[] { DecisionKinds.FeedbackDraft, DecisionKinds.FeedbackClearance }
            : new[] { DecisionKinds.FeedbackDraft };
        while (true)
        {
            var decision = await run.WaitAsync(nextReminder, open);
            if (decision is null)
            {
                await run.RemindAsync(ReminderKinds.FeedbackReminder, ReminderRecipients.Coordinator, ++reminders, due);
                if (run.Now >= due)
                {
                    await run.RemindAsync(ReminderKinds.FeedbackEscalation, ReminderRecipients.Supervisor, ++escalations, due);
                }

                nextReminder = run.Now + timings.FeedbackReminderInterval;
                continue;
            }

            if (decision.Kind == DecisionKinds.FeedbackDraft)
            {
                open = [DecisionKinds.FeedbackDraft, DecisionKinds.FeedbackClearance];
                await run.MoveToAsync(ReferralStatus.OutcomeRecorded, decision.Actor, "Feedback drafted; awaiting supervisor clearance", string.Join(',', open), dueAt: due);
            }
            else if (decision.Choice == DecisionChoices.Release)
            {
                await run.MoveToAsync(ReferralStatus.FeedbackReleased, decision.Actor, "Feedback cleared for operational sensitivity and released to the carrier",
                    string.Join(',', DecisionKinds.AnalysisScheduled, DecisionKinds.AnalysisRecorded),
                    new Dictionary<string, string> { [WorkflowFacts.FeedbackDecisionId] = decision.DecisionId },
                    run.Now + timings.AnalysisDeadline);
                return;
            }
            else
            {
                open = [DecisionKinds.FeedbackDraft];
                await run.MoveToAsync(ReferralStatus.OutcomeRecorded, decision.Actor, "Feedback returned to the coordinator", DecisionKinds.FeedbackDraft, dueAt: due);
            }
        }
    }

    private static async Task<bool> AnalyseWithCarrierAsync(WorkflowRun run, WorkflowTimings timings)
    {
        var deadline = run.StageStart(ReferralStatus.FeedbackReleased) + timings.AnalysisDeadline;
        var decision = run.ResumesAt(ReferralStatus.InPostIncidentAnalysis)
            ? await run.WaitAsync(deadline, DecisionKinds.AnalysisRecorded)
            : await run.WaitAsync(deadline, DecisionKinds.AnalysisScheduled, DecisionKinds.AnalysisRecorded);
        if (decision?.Kind == DecisionKinds.AnalysisScheduled)
        {
            await run.MoveToAsync(ReferralStatus.InPostIncidentAnalysis, decision.Actor, $"Post-incident analysis scheduled for {decision.ScheduledFor:yyyy-MM-dd HH:mm} UTC", DecisionKinds.AnalysisRecorded, dueAt: deadline);
            decision = await run.WaitAsync(deadline, DecisionKinds.AnalysisRecorded);
        }

        if (decision is null)
        {
            return false;
        }

        await run.RecordAsync(decision.Actor, "Post-incident analysis recorded: findings and lessons learned");
        return true;
    }

    private static DateTime Earliest(DateTime a, DateTime b) => a <= b ? a : b;

    private static DateTime Latest(DateTime a, DateTime b) => a >= b ? a : b;

    private static string Join(IEnumerable<string> values) => values.Any() ? string.Join(", ", values) : "none";
}
