using Microsoft.DurableTask;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// The version of the referral workflow. Every new orchestration instance is started under <see cref="Current"/> and
/// keeps that version for life, so a deployment that changes the workflow replays the instances started before it on
/// the path they were started on. How to change the workflow safely: docs/architecture.md.
/// </summary>
public static class WorkflowVersion
{
    /// <summary>
    /// The workflow version new instances start under; host.json's <c>extensions.durableTask.defaultVersion</c> must say
    /// the same (a unit test checks it). Instances started before versioning have no version and run as version 1.
    /// </summary>
    public const string Current = "1";

    /// <summary>True when this instance was started under <paramref name="version"/> or a later one.</summary>
    /// <remarks>
    /// Compared as the Durable Task SDK compares versions: an instance without a version is older than any version;
    /// versions that parse as <see cref="System.Version"/> compare numerically ("10" is after "9").
    /// </remarks>
    public static bool IsAtLeast(this TaskOrchestrationContext context, string version)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CompareVersionTo(version) >= 0;
    }
}
