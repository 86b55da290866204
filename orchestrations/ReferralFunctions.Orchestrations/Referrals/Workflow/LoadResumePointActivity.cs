using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Triage;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Reads where a repaired referral's workflow picks up (<see cref="ResumePoint"/>). Storage is the record: the stage and
/// open decisions on the referral row, stage starts on the timeline, reminders in the reminders table, decisions in the
/// referral's partition. A decision accepted after the workflow last opened a step (no step open again since) is the
/// one it has yet to act on; every other stored decision was acted on.
/// </summary>
[DurableTask(nameof(LoadResumePointActivity))]
public sealed class LoadResumePointActivity(ReferralRepository referrals, DecisionStore decisionStore, TimelineStore timeline, RiskAssessmentStore risks, ReferralTables tables) : TaskActivity<string, ResumePoint>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<ResumePoint> RunAsync(TaskActivityContext context, string input)
    {
        var referral = await referrals.FindAsync(input, CancellationToken.None).ConfigureAwait(false) ?? throw new ReferralNotFoundException(input);
        var decisions = await decisionStore.GetAsync(input, CancellationToken.None).ConfigureAwait(false);
        var pending = referral.OpenDecisions.Count == 0 ? decisions.FirstOrDefault(d => d.DecisionId == referral.LastDecisionId) : null;

        var started = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var entry in (await timeline.GetAsync(input, CancellationToken.None).ConfigureAwait(false)).OrderBy(e => e.At))
        {
            started.TryAdd(entry.Status.ToString(), entry.At.UtcDateTime);
        }

        var sent = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in tables.Reminders.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"ReferralId eq {input}"), select: [ReminderRows.Kind, ReminderRows.Sequence], cancellationToken: CancellationToken.None).ConfigureAwait(false))
        {
            var kind = row.GetString(ReminderRows.Kind);
            sent[kind] = Math.Max(sent.GetValueOrDefault(kind), row.GetInt32(ReminderRows.Sequence) ?? 0);
        }

        return new ResumePoint(
            referral.Status,
            string.Join(',', referral.OpenDecisions),
            decisions.Where(d => d != pending).Select(d => d.DecisionId).ToArray(),
            started,
            sent,
            referral.Fact(WorkflowFacts.ValidationOutcome) == ValidationOutcomes.Validated,
            referral.Fact(WorkflowFacts.Priority) ?? referral.Fact(WorkflowFacts.ProposedPriority),
            await AgenciesAsync(input, decisions).ConfigureAwait(false),
            referral.OpenDecisions.Contains(DecisionKinds.FeedbackClearance) || pending?.Kind == DecisionKinds.FeedbackClearance);
    }

    // The agencies triage settled on: an override's list, else the proposal the analyst approved.
    private async Task<IReadOnlyList<string>> AgenciesAsync(string id, IReadOnlyList<DecisionRecord> decisions)
    {
        var triage = decisions.Where(d => d.Kind == DecisionKinds.Triage).OrderBy(d => d.At).LastOrDefault();
        if (triage is not null && JsonSerializer.Deserialize<StaffDecision>(triage.EventJson, Json)?.Agencies is { } chosen)
        {
            return chosen;
        }

        return await risks.GetAsync(id, CancellationToken.None).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize<RiskAssessment>(json, Json)?.ProposedAgencies ?? []
            : [];
    }
}
