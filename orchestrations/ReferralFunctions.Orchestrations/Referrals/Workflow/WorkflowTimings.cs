using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// The workflow's durations, read once per run through an activity so that they are recorded in history: a
/// configuration change never alters a replay.
/// </summary>
public sealed record WorkflowTimings(
    TimeSpan ValidationDeadline,
    TimeSpan ValidationReminderInterval,
    TimeSpan FeedbackDeadline,
    TimeSpan FeedbackFirstReminder,
    TimeSpan FeedbackReminderInterval,
    TimeSpan EscalationRepeatInterval,
    TimeSpan AnalysisDeadline,
    IReadOnlyDictionary<string, TimeSpan> TreatmentSlas)
{
    public TimeSpan TreatmentSla(string priority) =>
        TreatmentSlas.TryGetValue(priority, out var sla) ? sla : TreatmentSlas.Values.Max();
}

/// <summary>Reads <see cref="WorkflowOptions"/> (and the treatment SLAs of the triage options) for a run.</summary>
[DurableTask(nameof(LoadWorkflowTimingsActivity))]
public sealed class LoadWorkflowTimingsActivity(IOptions<WorkflowOptions> options, IOptions<Triage.TriageOptions> triage) : TaskActivity<string, WorkflowTimings>
{
    public override Task<WorkflowTimings> RunAsync(TaskActivityContext context, string input)
    {
        var o = options.Value;
        return Task.FromResult(new WorkflowTimings(
            o.ValidationDeadline, o.ValidationReminderInterval, o.FeedbackDeadline, o.FeedbackFirstReminder,
            o.FeedbackReminderInterval, o.EscalationRepeatInterval, o.AnalysisDeadline,
            Triage.Priorities.All.ToDictionary(p => p, triage.Value.TreatmentSla, StringComparer.OrdinalIgnoreCase)));
    }
}
