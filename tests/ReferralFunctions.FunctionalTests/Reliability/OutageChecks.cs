using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>What the outage tests observe, read the way an operator would: through storage and the engine, tolerating their absence.</summary>
internal static class OutageChecks
{
    /// <summary>The promise to callers: an answer within 5 s, whatever storage does.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    public static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        return (response, watch.Elapsed);
    }

    /// <summary>A 503 as promised: in time, with Retry-After and the stable problem type.</summary>
    public static async Task AssertUnavailableAsync(HttpResponseMessage response, TimeSpan elapsed)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(elapsed < AnswerWithin, $"answered after {elapsed.TotalSeconds:F1} s");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:referrals:problem:unavailable", (await response.JsonAsync()).GetProperty("type").GetString());
    }

    /// <summary>The workflow's stage as its orchestration reports it, or null while the engine cannot say.</summary>
    public static async Task<OrchestrationMetadata?> TryGetInstanceAsync(DurableTaskClient durable, string reference)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await durable.GetInstanceAsync(reference, getInputsAndOutputs: true, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or Grpc.Core.RpcException or Azure.RequestFailedException)
        {
            return null;
        }
    }

    public static ReferralStatus? Stage(OrchestrationMetadata? instance) => instance?.ReadCustomStatusAs<ReferralWorkflowStatus>()?.Stage;

    /// <summary>Waits until every referral's workflow reports <paramref name="stage"/>; fails early on one that ended.</summary>
    public static async Task<TimeSpan> WaitForAllAsync(DurableTaskClient durable, IReadOnlyCollection<string> references, ReferralStatus stage, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        var pending = new HashSet<string>(references);
        var last = new Dictionary<string, string>();
        while (pending.Count > 0)
        {
            foreach (var reference in pending.ToArray())
            {
                var instance = await TryGetInstanceAsync(durable, reference);
                last[reference] = $"{instance?.RuntimeStatus} {instance?.SerializedCustomStatus}";
                Assert.False(instance?.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Completed,
                    $"{reference} ended {instance?.RuntimeStatus}: {instance?.FailureDetails?.ErrorType} {instance?.FailureDetails?.ErrorMessage}");
                if (Stage(instance) == stage)
                {
                    pending.Remove(reference);
                }
            }

            if (pending.Count > 0)
            {
                Assert.True(watch.Elapsed < within,
                    $"{pending.Count} of {references.Count} did not reach {stage} within {within.TotalSeconds} s: " + string.Join("; ", pending.Select(r => $"{r}: {last[r]}")));
                await Task.Delay(500);
            }
        }

        return watch.Elapsed;
    }

    /// <summary>How many referrals this host's storage holds (one row per referral).</summary>
    public static async Task<int> CountReferralsAsync(ReferralTables tables)
    {
        var count = 0;
        await foreach (var _ in tables.Referrals.QueryAsync<TableEntity>("RowKey eq 'referral'", select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>Every message sent about <paramref name="reference"/>, on either topic.</summary>
    public static async Task<IReadOnlyList<OutboundMessage>> MessagesAsync(TableMessageOutbox outbox, string reference) =>
    [
        .. await outbox.ListAsync(MessageTopics.AgencyNotifications, reference, CancellationToken.None),
        .. await outbox.ListAsync(MessageTopics.Reminders, reference, CancellationToken.None),
    ];
}
