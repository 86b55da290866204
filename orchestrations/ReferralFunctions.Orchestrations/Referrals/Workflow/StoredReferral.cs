using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>A referral as the workflow's activities read it: the stored record and the submission it was made from.</summary>
public sealed record StoredReferral(ReferralRecord Record, ReferralSubmission Submission)
{
    /// <summary>Reads both; an activity fails (not retried: it cannot get better) if either is missing.</summary>
    public static async Task<StoredReferral> LoadAsync(ReferralRepository referrals, string id)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        var record = await referrals.FindAsync(id, CancellationToken.None).ConfigureAwait(false)
            ?? throw new ReferralNotFoundException(id);
        var submission = ReferralJson.Deserialize(await referrals.ReadSubmissionAsync(id, CancellationToken.None).ConfigureAwait(false) ?? [])
            ?? throw new InvalidDataException($"Referral {id} has no readable submission.");
        return new StoredReferral(record, submission);
    }
}
