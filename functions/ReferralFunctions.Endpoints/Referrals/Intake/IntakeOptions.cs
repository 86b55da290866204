using ReferralFunctions.Configuration;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>Limits and timings of the single point of entry (section "Intake").</summary>
public sealed class IntakeOptions : IValidatedOptions
{
    public const string SectionName = "Intake";

    /// <summary>Largest accepted body; a larger one gets 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// How long a request holds its idempotency key while it is processed. A request that finds the key held gets 409;
    /// after this long (the holder crashed) a retry takes the key over and completes the same referral. Longer than
    /// any request may take (see <see cref="Http.ResilienceOptions.RequestDeadline"/>), short enough that a carrier
    /// retrying after an outage is not kept waiting. A request that fails gives its key up at once when it can.
    /// </summary>
    public TimeSpan IdempotencyLease { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Problems() =>
        OptionRules.Between("Intake:MaxBodyBytes", MaxBodyBytes, 1024, 4 * 1024 * 1024)
            .Concat(OptionRules.Positive("Intake:IdempotencyLease", IdempotencyLease, TimeSpan.FromHours(1)));
}
