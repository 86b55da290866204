using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.WorkflowHealth;

/// <summary>
/// Finds referrals whose workflow is not carrying them on: the orchestration Failed, Terminated or Completed while the
/// referral is open, missing, or not moved past its expected next event (its timer, or its last progress) plus a grace
/// period. Each open referral in Table Storage is compared with its orchestration. The sweep (on a timer in both hosts)
/// also logs each finding and escalates it to supervisors on the reminders topic, once per problem and repair.
/// </summary>
public sealed partial class WorkflowHealthCheck(
    ReferralQueries referrals,
    ReminderSender reminders,
    TimeProvider time,
    IOptions<WorkflowHealthOptions> options,
    ILogger<WorkflowHealthCheck> logger)
{
    /// <summary>Orchestrations asked about at once.</summary>
    private const int Parallelism = 8;

    /// <summary>Every referral with a workflow problem now, oldest problem first.</summary>
    public async Task<IReadOnlyList<WorkflowFinding>> FindAsync(DurableTaskClient durable, CancellationToken cancellationToken) =>
        (await FindWithReferralsAsync(durable, cancellationToken).ConfigureAwait(false)).Findings.Select(f => f.Finding).ToArray();

    private async Task<(int Open, IReadOnlyList<(WorkflowFinding Finding, OpenReferral Referral)> Findings)> FindWithReferralsAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var now = time.GetUtcNow();
        var open = await referrals.ListOpenAsync(cancellationToken).ConfigureAwait(false);
        var found = new ConcurrentBag<(WorkflowFinding Finding, OpenReferral Referral)>();
        await Parallel.ForEachAsync(
            open,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (referral, ct) =>
            {
                if (await InspectAsync(durable, referral, now, ct).ConfigureAwait(false) is { } finding)
                {
                    found.Add((finding, referral));
                }
            }).ConfigureAwait(false);
        return (open.Count, found.OrderBy(f => f.Finding.Since).ThenBy(f => f.Finding.Reference, StringComparer.Ordinal).ToArray());
    }

    /// <summary>The problem with one referral's workflow, or null when it is healthy (or the referral is closed or unknown).</summary>
    public async Task<WorkflowFinding?> InspectAsync(DurableTaskClient durable, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var referral = await referrals.ListOpenAsync(reference, cancellationToken).ConfigureAwait(false);
        return referral is null ? null : await InspectAsync(durable, referral, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the problems, logs each, and escalates each to supervisors once (per problem and repair).</summary>
    public async Task<IReadOnlyList<WorkflowFinding>> SweepAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (open, findings) = await FindWithReferralsAsync(durable, cancellationToken).ConfigureAwait(false);
        foreach (var (finding, referral) in findings)
        {
            Log.Found(logger, finding.Reference, finding.Problem, finding.OrchestrationState, finding.Status, finding.Since, finding.ErrorType ?? "none");
            var request = new ReminderRequest(finding.Reference, EscalationKind(finding.Problem), ReminderRecipients.Supervisor, referral.Repairs + 1, finding.Since, time.GetUtcNow().UtcDateTime);
            await reminders.SendOnceAsync(request, Describe(finding), cancellationToken).ConfigureAwait(false);
        }

        Log.Swept(logger, open, findings.Count);
        return findings.Select(f => f.Finding).ToArray();
    }

    /// <summary>The reminder kind of an escalation about a workflow problem.</summary>
    public static string EscalationKind(string problem) => "workflow-" + problem;

    private async Task<WorkflowFinding?> InspectAsync(DurableTaskClient durable, OpenReferral referral, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grace = options.Value.Grace;
        var instance = await durable.GetInstanceAsync(referral.Id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            // Intake stores the referral and then starts its workflow: give that the grace period before calling it missing.
            return referral.UpdatedAt + grace < now ? Finding(referral, WorkflowProblems.Missing, "Missing", referral.UpdatedAt, null) : null;
        }

        var state = instance.RuntimeStatus.ToString();
        switch (instance.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Failed:
                return Finding(referral, WorkflowProblems.Failed, state, instance.LastUpdatedAt, instance.FailureDetails?.ErrorType ?? referral.LastError?.ErrorType);
            case OrchestrationRuntimeStatus.Terminated:
                return Finding(referral, WorkflowProblems.Terminated, state, instance.LastUpdatedAt, null);
            case OrchestrationRuntimeStatus.Completed:
                return Finding(referral, WorkflowProblems.CompletedOpen, state, instance.LastUpdatedAt, null);
        }

        // Running, pending or suspended: expected to move at its timer, or soon after its last progress.
        var expected = instance.RuntimeStatus == OrchestrationRuntimeStatus.Pending ? instance.CreatedAt : instance.LastUpdatedAt;
        if (instance.ReadCustomStatusAs<ReferralWorkflowStatus>()?.WaitingUntil is { } waitingUntil
            && new DateTimeOffset(DateTime.SpecifyKind(waitingUntil, DateTimeKind.Utc)) is var timer && timer > expected)
        {
            expected = timer;
        }

        return expected + grace < now ? Finding(referral, WorkflowProblems.Stuck, state, expected, null) : null;
    }

    private static WorkflowFinding Finding(OpenReferral referral, string problem, string state, DateTimeOffset since, string? errorType) =>
        new(referral.Id, problem, state, referral.Status, since, errorType);

    private static string Describe(WorkflowFinding f) => string.Create(
        CultureInfo.InvariantCulture,
        $"Escalation to the supervisor: the workflow is {f.Problem} ({f.OrchestrationState}) at {f.Status} since {f.Since:yyyy-MM-dd HH:mm} UTC{(f.ErrorType is null ? "" : "; last error " + f.ErrorType)}. Repair it from the workflow health list.");

    private static partial class Log
    {
        [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Referral {ReferralId}: workflow {Problem} ({OrchestrationState}) at {Status} since {Since:O}; last error type {ErrorType}")]
        public static partial void Found(ILogger logger, string referralId, string problem, string orchestrationState, ReferralStatus status, DateTimeOffset since, string errorType);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Workflow health check: {Open} open referral(s), {Problems} with a workflow problem")]
        public static partial void Swept(ILogger logger, int open, int problems);
    }
}
