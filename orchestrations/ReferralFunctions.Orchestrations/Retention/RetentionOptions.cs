using ReferralFunctions.Configuration;

namespace ReferralFunctions.Retention;

/// <summary>How long referral data is kept (section "Retention").</summary>
public sealed class RetentionOptions : IValidatedOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// The least <see cref="DeleteAfter"/> anywhere: no referral process is shorter, and a mistyped value (<c>7.00:00:00</c>
    /// meant as seven years) must not sweep away live referrals. Azure requires more (<c>AzureConfigurationCheck</c>);
    /// tests move the sweep's clock rather than shorten the period.
    /// </summary>
    public static readonly TimeSpan MinimumDeleteAfter = TimeSpan.FromDays(30);

    /// <summary>
    /// A finished referral's orchestration history (the engine's copy of every step) is purged this long after its last
    /// change. The referral record, its timeline and the audit trail stay.
    /// </summary>
    public TimeSpan HistoryAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A referral is deleted this long after it was received, with an audit entry saying so.</summary>
    public TimeSpan DeleteAfter { get; set; } = TimeSpan.FromDays(7 * 365);

    /// <summary>
    /// Carrier request nonces are kept this long. A nonce only matters while its signature's timestamp could still be
    /// accepted (minutes); a day leaves a wide margin.
    /// </summary>
    public TimeSpan NoncesAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the local host runs the sweep (the Functions app runs it on its timer schedule).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(6);

    public IEnumerable<string> Problems() =>
        OptionRules.Positive($"{SectionName}:HistoryAfter", HistoryAfter)
            .Concat(OptionRules.AtLeast($"{SectionName}:DeleteAfter", DeleteAfter, MinimumDeleteAfter))
            .Concat(OptionRules.Positive($"{SectionName}:NoncesAfter", NoncesAfter))
            .Concat(OptionRules.Positive($"{SectionName}:SweepInterval", SweepInterval, TimeSpan.FromDays(7)));
}
