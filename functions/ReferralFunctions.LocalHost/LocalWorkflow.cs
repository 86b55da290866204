using Microsoft.DurableTask;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// The workflow a local host runs: the version new instances start under and the orchestrators and activities its
/// worker registers. A host always runs <see cref="Current"/>; tests swap in a changed workflow to show that a
/// deployment carries the instances started before it on their old path.
/// </summary>
public sealed record LocalWorkflow(string Version, Action<DurableTaskRegistry> Register)
{
    /// <summary>The referral workflow as built: <see cref="WorkflowVersion.Current"/> and <see cref="ReferralTasks"/>.</summary>
    public static LocalWorkflow Current { get; } = new(WorkflowVersion.Current, ReferralTasks.Register);
}
