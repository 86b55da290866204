using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>Moves a referral to a stage and writes the step on its timeline (idempotent by entry id).</summary>
[DurableTask(nameof(RecordStageActivity))]
public sealed class RecordStageActivity(ReferralRepository referrals) : TaskActivity<StageChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StageChange input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await referrals.RecordAsync(
            input.ReferralId,
            new TimelineEntry(input.EntryId, input.At, input.Actor, input.Action, input.Status),
            input.OpenDecisions,
            input.Facts,
            CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>
/// A stage change decided by the orchestration; <see cref="EntryId"/> comes from the orchestration's deterministic ids.
/// <see cref="OpenDecisions"/> (comma-separated kinds; null = unchanged, empty = none) says which decisions the staff
/// APIs now accept. <see cref="Facts"/> are non-confidential properties set on the referral (priority, treatment…).
/// </summary>
public sealed record StageChange(
    string ReferralId,
    string EntryId,
    DateTimeOffset At,
    string Actor,
    string Action,
    ReferralStatus Status,
    string? OpenDecisions = "",
    IReadOnlyDictionary<string, string>? Facts = null);
