using System.Collections.Concurrent;
using Azure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>
/// The workflow's one retry policy (<see cref="WorkflowRetry"/>) on the real durable engine with replay: transient
/// failures are retried until the activity succeeds; a failure that cannot get better fails the orchestration at once.
/// </summary>
public sealed class RetryPolicyTests : IAsyncLifetime
{
    private DurableTaskTestHost host = null!;

    public async Task InitializeAsync() =>
        host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<RetryProbeOrchestrator>();
            registry.AddActivity<FlakyActivity>();
        });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("storage")]
    [InlineData("timeout")]
    [InlineData("network")]
    public async Task A_transient_failure_is_retried_until_the_step_succeeds(string failure)
    {
        var id = $"transient-{failure}-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryProbeOrchestrator), failure, new StartOrchestrationOptions(id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
    }

    [Theory]
    [InlineData("bug")]
    [InlineData("missing-referral")]
    [InlineData("bad-data")]
    public async Task A_failure_that_cannot_get_better_fails_at_once(string failure)
    {
        var id = $"permanent-{failure}-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryProbeOrchestrator), failure, new StartOrchestrationOptions(id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        // One attempt: not retried (a retry would have run it again after the first retry interval).
        Assert.Equal(1, FlakyActivity.Attempts[id]);
    }

    [Fact]
    public void The_policy_rides_out_an_outage_of_several_minutes()
    {
        var waited = TimeSpan.Zero;
        var interval = WorkflowRetry.FirstRetryInterval;
        for (var attempt = 1; attempt < WorkflowRetry.MaxAttempts; attempt++)
        {
            waited += interval;
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, WorkflowRetry.MaxRetryInterval.Ticks));
        }

        Assert.InRange(waited, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15));
    }
}

/// <summary>Calls <see cref="FlakyActivity"/> once under the workflow's retry policy.</summary>
[DurableTask(nameof(RetryProbeOrchestrator))]
public sealed class RetryProbeOrchestrator : TaskOrchestrator<string, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<int>(nameof(FlakyActivity), $"{context.InstanceId}|{input}", WorkflowRetry.Activity);
}

/// <summary>Fails the first two attempts of each instance with the given kind of failure, then returns the attempt count.</summary>
[DurableTask(nameof(FlakyActivity))]
public sealed class FlakyActivity : TaskActivity<string, int>
{
    public static readonly ConcurrentDictionary<string, int> Attempts = new();

    public override Task<int> RunAsync(TaskActivityContext context, string input)
    {
        var (id, failure) = (input.Split('|')[0], input.Split('|')[1]);
        var attempt = Attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (attempt < 3 || failure is "bug" or "missing-referral" or "bad-data")
        {
            throw failure switch
            {
                "storage" => new RequestFailedException(503, "Service unavailable"),
                "timeout" => new TaskCanceledException("The operation timed out."),
                "network" => new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException(111)),
                "missing-referral" => new ReferralNotFoundException(id),
                "bad-data" => new InvalidDataException("unreadable"),
                _ => new InvalidOperationException("a bug"),
            };
        }

        return Task.FromResult(attempt);
    }
}
