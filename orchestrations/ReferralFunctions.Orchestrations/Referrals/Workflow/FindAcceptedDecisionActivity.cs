using System.Text.Json;
using Microsoft.DurableTask;
using ReferralFunctions.Referrals.Decisions;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>What the workflow waits for, and the decision ids it has already acted on.</summary>
public sealed record DecisionLookup(string ReferralId, IReadOnlyList<string> Kinds, IReadOnlyList<string> Seen);

/// <summary>
/// The earliest stored decision of the awaited kinds that the workflow has not acted on, or null. Storage is the record
/// of accepted decisions (a decision is stored in the same transaction that closes its step); the event only wakes the
/// workflow. When a wait's timer fires the workflow asks here, so a decision whose event never arrived is still acted
/// on, at the latest at the next reminder.
/// </summary>
[DurableTask(nameof(FindAcceptedDecisionActivity))]
public sealed class FindAcceptedDecisionActivity(DecisionStore decisions) : TaskActivity<DecisionLookup, StaffDecision?>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<StaffDecision?> RunAsync(TaskActivityContext context, DecisionLookup input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stored = await decisions.GetAsync(input.ReferralId, CancellationToken.None).ConfigureAwait(false);
        var pending = stored
            .Where(d => input.Kinds.Contains(d.Kind, StringComparer.Ordinal) && !input.Seen.Contains(d.DecisionId, StringComparer.Ordinal))
            .OrderBy(d => d.At)
            .FirstOrDefault();
        return pending is null ? null : JsonSerializer.Deserialize<StaffDecision>(pending.EventJson, Json);
    }
}
