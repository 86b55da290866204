using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Workflow;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>Workflows starting when storage goes away all carry on once it is back: none fails, nothing is done twice.</summary>
[Collection(StorageOutages.Name)]
public sealed partial class WorkflowOutageTests(OutageHostFixture host, ITestOutputHelper output)
{
    private const int InFlight = 30;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Thirty_workflows_starting_while_storage_is_down_for_10_s_all_reach_their_first_wait_once_it_is_back()
    {
        await host.EnsureStorageAsync();
        // Thirty carriers' submissions at once, eight at a time; storage goes the moment the last is accepted, while
        // their workflows are starting (preparing validation questions, recording the stage).
        using var gate = new SemaphoreSlim(8);
        var references = await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await host.Carrier().SubmitAsync(TestReferrals.Example());
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                return (await response.JsonAsync()).GetProperty("reference").GetString()!;
            }
            finally
            {
                gate.Release();
            }
        }));
        var durable = host.Get<DurableTaskClient>();

        await host.Storage.StopAsync();
        var down = DateTimeOffset.UtcNow;
        await Task.Delay(Outage);
        await host.Storage.StartAsync();
        var back = DateTimeOffset.UtcNow;

        var recovery = await OutageChecks.WaitForAllAsync(durable, references, ReferralStatus.AwaitingValidation, RecoveryLimit);

        var repository = host.Get<ReferralRepository>();
        var outbox = host.Get<TableMessageOutbox>();
        var caughtMidway = 0;
        foreach (var reference in references)
        {
            // Not ended. The engine may show Pending for a workflow that already waits: a start request caught by the
            // outage can land its "Pending" row after the workflow ran; the next event puts it right (seen in CI).
            Assert.Contains((await durable.GetInstanceAsync(reference))!.RuntimeStatus, new[] { OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending });
            var referral = (await repository.FindAsync(reference, CancellationToken.None))!;
            Assert.Equal(ReferralStatus.AwaitingValidation, referral.Status);
            Assert.Equal([DecisionKinds.Validation], referral.OpenDecisions);

            // One timeline entry for the stage, and exactly the questions it announces: nothing written twice.
            var entry = Assert.Single(await host.Get<TimelineStore>().GetAsync(reference, CancellationToken.None));
            Assert.Equal(ReferralStatus.AwaitingValidation, entry.Status);
            var announced = int.Parse(QuestionCount().Match(entry.Action).Groups[1].Value, CultureInfo.InvariantCulture);
            var questions = await host.Get<QuestionStore>().GetAsync(reference, CancellationToken.None);
            Assert.Equal(announced, questions.Count);
            Assert.Equal(questions.Count, questions.Select(q => q.QuestionId).Distinct().Count());
            Assert.Empty(await OutageChecks.MessagesAsync(outbox, reference));
            if (entry.At >= down)
            {
                caughtMidway++;
            }
        }

        output.WriteLine($"{InFlight} in flight; storage down {Outage.TotalSeconds:F0} s from {down:HH:mm:ss.fff} to {back:HH:mm:ss.fff}; " +
            $"{caughtMidway} had not reached their first wait when it went; all at their first wait {recovery.TotalSeconds:F1} s after it came back.");
        // The outage must have caught workflows on their way, or this test proved nothing.
        Assert.True(caughtMidway > 0, "every workflow had reached its first wait before storage went away");
    }

    [GeneratedRegex(@"^(\d+) validation question")]
    private static partial Regex QuestionCount();
}
