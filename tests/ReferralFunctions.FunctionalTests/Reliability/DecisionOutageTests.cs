using System.Net;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>
/// A staff decision when storage goes away is either refused with 503 (and a retry with the same decisionId carries it)
/// or accepted and acted on: never accepted and lost, never acted on twice.
/// </summary>
[Collection(StorageOutages.Name)]
public sealed class DecisionOutageTests(OutageHostFixture host)
{
    [Fact]
    public async Task A_decision_caught_by_an_outage_is_refused_with_503_or_acted_on_exactly_once()
    {
        await host.EnsureStorageAsync();
        var durable = host.Get<DurableTaskClient>();
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        var references = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await host.Carrier().SubmitAsync(TestReferrals.Example());
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            references.Add((await response.JsonAsync()).GetProperty("reference").GetString()!);
        }

        await OutageChecks.WaitForAllAsync(durable, references, ReferralStatus.AwaitingValidation, TimeSpan.FromMinutes(1));
        var decisions = new List<(string Reference, string DecisionId, string ETag)>();
        foreach (var reference in references)
        {
            decisions.Add((reference, StaffClient.NewDecisionId(), (await analyst.ReferralAsync(reference)).ETag));
        }

        // The analyst validates all ten in quick succession; storage goes away after the third is sent.
        var sent = new List<Task<(HttpResponseMessage Response, TimeSpan Elapsed)>>();
        Task? stopping = null;
        for (var i = 0; i < decisions.Count; i++)
        {
            var (reference, decisionId, etag) = decisions[i];
            sent.Add(OutageChecks.TimedAsync(() => analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId }, etag)));
            if (i == 2)
            {
                stopping = host.Storage.StopAsync();
            }

            await Task.Delay(50);
        }

        await stopping!;
        var answers = await Task.WhenAll(sent);
        foreach (var (response, elapsed) in answers)
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                await OutageChecks.AssertUnavailableAsync(response, elapsed);
            }
        }

        Assert.Contains(answers, a => a.Response.StatusCode == HttpStatusCode.ServiceUnavailable);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await host.Storage.StartAsync();

        // Each refused decision is sent again, as it was: same decisionId, same ETag. A retry is always safe.
        for (var i = 0; i < decisions.Count; i++)
        {
            if (answers[i].Response.StatusCode == HttpStatusCode.Accepted)
            {
                continue;
            }

            var (reference, decisionId, etag) = decisions[i];
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                using var retried = await analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", new { decisionId }, etag);
                if (retried.StatusCode == HttpStatusCode.Accepted)
                {
                    break;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, retried.StatusCode);
                await Task.Delay(retried.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), limit.Token);
            }
        }

        // Every decision is acted on, once: one validation step and one move to triage on each timeline.
        await OutageChecks.WaitForAllAsync(durable, references, ReferralStatus.AwaitingTriage, TimeSpan.FromMinutes(2));
        var repository = host.Get<ReferralRepository>();
        foreach (var (reference, decisionId, _) in decisions)
        {
            var timeline = await host.Get<TimelineStore>().GetAsync(reference, CancellationToken.None);
            Assert.Single(timeline, e => e.Action == "Marked validated by an analyst");
            Assert.Single(timeline, e => e.Status == ReferralStatus.AwaitingTriage);
            Assert.DoesNotContain(timeline, e => e.Action.StartsWith("Validation deadline passed", StringComparison.Ordinal));
            var stored = Assert.Single(await host.Get<DecisionStore>().GetAsync(reference, CancellationToken.None), d => d.Kind == DecisionKinds.Validation);
            Assert.Equal(decisionId, stored.DecisionId);
            Assert.Equal(ReferralStatus.AwaitingTriage, (await repository.FindAsync(reference, CancellationToken.None))!.Status);
        }
    }
}
