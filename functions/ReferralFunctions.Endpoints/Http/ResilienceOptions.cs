using ReferralFunctions.Configuration;

namespace ReferralFunctions.Http;

/// <summary>
/// How the API behaves while storage or the durable engine is unreachable (section "Resilience"): every request is
/// answered within <see cref="RequestDeadline"/>, with 503 and <c>Retry-After</c> when it could not be served.
/// </summary>
public sealed class ResilienceOptions : IValidatedOptions
{
    public const string SectionName = "Resilience";

    /// <summary>
    /// The longest a request may wait on storage and the engine before it is answered 503. Below the 5 s a carrier's
    /// system is promised an answer in; far above a healthy request (tens of milliseconds).
    /// </summary>
    public TimeSpan RequestDeadline { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The deadline of the reports that read every referral or the whole audit chain (audit verification, workflow health), and of a workflow repair (which may wait for a stuck orchestration to stop).</summary>
    public TimeSpan ReportDeadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What <c>Retry-After</c> tells a caller answered 503.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>GET /api/health</c> waits on each part before it reports it unavailable.</summary>
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Retries of one referral-table operation inside the Azure SDK (its default, 3 with 0.8 s exponential back-off and a
    /// 100 s network timeout, kept a request waiting for over 4 s on refused connections and minutes on a silent one).
    /// Activities retry further through the orchestration's retry policy; requests through the caller's retry.
    /// </summary>
    public int StorageMaxRetries { get; set; } = 2;

    /// <summary>First back-off of the SDK's exponential retry of a table operation.</summary>
    public TimeSpan StorageRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest back-off between two tries of a table operation.</summary>
    public TimeSpan StorageMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one try of a table operation may take before it counts as failed (and is retried).</summary>
    public TimeSpan StorageNetworkTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public IEnumerable<string> Problems() =>
        OptionRules.Positive($"{SectionName}:{nameof(RequestDeadline)}", RequestDeadline, TimeSpan.FromMinutes(1))
            .Concat(OptionRules.Positive($"{SectionName}:{nameof(ReportDeadline)}", ReportDeadline, TimeSpan.FromHours(1)))
            .Concat(OptionRules.Positive($"{SectionName}:{nameof(RetryAfter)}", RetryAfter, TimeSpan.FromHours(1)))
            .Concat(OptionRules.Positive($"{SectionName}:{nameof(HealthProbeTimeout)}", HealthProbeTimeout, TimeSpan.FromMinutes(1)))
            .Concat(OptionRules.Between($"{SectionName}:{nameof(StorageMaxRetries)}", StorageMaxRetries, 0, 10))
            .Concat(OptionRules.Positive($"{SectionName}:{nameof(StorageRetryDelay)}", StorageRetryDelay, TimeSpan.FromMinutes(1)))
            .Concat(OptionRules.Positive($"{SectionName}:{nameof(StorageMaxRetryDelay)}", StorageMaxRetryDelay, TimeSpan.FromMinutes(1)))
            .Concat(OptionRules.Positive($"{SectionName}:{nameof(StorageNetworkTimeout)}", StorageNetworkTimeout, TimeSpan.FromMinutes(5)));
}
