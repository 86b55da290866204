namespace ReferralFunctions.Referrals.WorkflowHealth;

/// <summary>
/// A referral whose workflow is not carrying it on, as supervisors see it: no confidential content, only the
/// orchestration's state and the type of its last error.
/// </summary>
/// <param name="Problem">One of <see cref="WorkflowProblems"/>.</param>
/// <param name="OrchestrationState">The durable engine's runtime status, or <c>Missing</c> when there is no orchestration.</param>
/// <param name="Status">The referral's stage as stored.</param>
/// <param name="Since">Since when: the failure, or the expected next event that did not happen.</param>
/// <param name="ErrorType">The type of the last error (e.g. <c>System.InvalidOperationException</c>), never its message.</param>
public sealed record WorkflowFinding(string Reference, string Problem, string OrchestrationState, ReferralStatus Status, DateTimeOffset Since, string? ErrorType);

/// <summary>What can be wrong with a referral's workflow.</summary>
public static class WorkflowProblems
{
    /// <summary>The orchestration failed (an activity's error that retries did not cure, or a bug).</summary>
    public const string Failed = "failed";

    /// <summary>The orchestration was terminated while the referral is open.</summary>
    public const string Terminated = "terminated";

    /// <summary>The orchestration completed but the referral is not closed.</summary>
    public const string CompletedOpen = "completed-open";

    /// <summary>The orchestration has not moved past its expected next event plus the grace period.</summary>
    public const string Stuck = "stuck";

    /// <summary>The referral is stored but no orchestration exists for it (it was never started, or was purged).</summary>
    public const string Missing = "missing";
}
