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
            input.DueAt,
            CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>
/// A stage change decided by the orchestration; <see cref="EntryId"/> comes from the orchestration's deterministic ids.
/// <see cref="OpenDecisions"/> (comma-separated kinds; null = unchanged, empty = none) says which decisions the staff
/// APIs now accept. <see cref="Facts"/> are non-confidential properties set on the referral (priority, treatment…).
/// <see cref="DueAt"/> is when the open decisions are due (null: no deadline); it is kept with them, so it is ignored when
/// <see cref="OpenDecisions"/> is null.
/// </summary>
public sealed record StageChange(
    string ReferralId,
    string EntryId,
    DateTimeOffset At,
    string Actor,
    string Action,
    ReferralStatus Status,
    string? OpenDecisions = "",
    IReadOnlyDictionary<string, string>? Facts = null,
    DateTimeOffset? DueAt = null);
