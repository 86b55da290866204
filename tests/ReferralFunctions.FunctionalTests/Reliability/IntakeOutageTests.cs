using System.Net;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>
/// While storage is away, carriers and health get 503 with Retry-After within 5 s; once it is back, a carrier's retry
/// with the same Idempotency-Key completes exactly one referral, whether its first try was refused outright or caught
/// half-way.
/// </summary>
[Collection(StorageOutages.Name)]
public sealed class IntakeOutageTests(OutageHostFixture host)
{
    [Fact]
    public async Task Submissions_during_an_outage_get_503_in_time_and_a_retry_with_the_same_key_completes_exactly_one_referral()
    {
        await host.EnsureStorageAsync();
        var before = await OutageChecks.CountReferralsAsync(host.Get<ReferralTables>());
        var keys = Enumerable.Range(0, 12).Select(_ => CarrierClient.NewKey()).ToArray();

        // Submissions in flight when storage goes, and more after: each is answered 202 or 503, in time.
        var first = new List<Task<(HttpResponseMessage Response, TimeSpan Elapsed)>>();
        foreach (var key in keys.Take(6))
        {
            first.Add(OutageChecks.TimedAsync(() => host.Carrier().SubmitAsync(TestReferrals.Example(), key)));
        }

        var stopping = host.Storage.StopAsync();
        await Task.Delay(20);
        foreach (var key in keys.Skip(6))
        {
            first.Add(OutageChecks.TimedAsync(() => host.Carrier().SubmitAsync(TestReferrals.Example(), key)));
            await Task.Delay(100);
        }

        await stopping;
        var answers = await Task.WhenAll(first);
        foreach (var (response, elapsed) in answers)
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                await OutageChecks.AssertUnavailableAsync(response, elapsed);
            }
        }

        Assert.Contains(answers, a => a.Response.StatusCode == HttpStatusCode.ServiceUnavailable);

        // Health says which part is away, in time; carriers' reads and staff reads are refused the same way.
        var (health, healthElapsed) = await OutageChecks.TimedAsync(() => host.Http.GetAsync("/api/health"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.True(healthElapsed < OutageChecks.AnswerWithin, $"health answered after {healthElapsed.TotalSeconds:F1} s");
        Assert.NotNull(health.Headers.RetryAfter);
        Assert.Equal("unavailable", (await health.JsonAsync()).GetProperty("storage").GetString());
        var read = await OutageChecks.TimedAsync(() => host.Carrier().GetReferralAsync("RF-2026-AAAA-AAAA"));
        await OutageChecks.AssertUnavailableAsync(read.Response, read.Elapsed);
        var staff = new StaffClient(host.Http, "ana.lyst", Staff.StaffRoles.Analyst);
        var queue = await OutageChecks.TimedAsync(() => staff.GetAsync("/api/v1/analyst/referrals?status=AwaitingValidation"));
        await OutageChecks.AssertUnavailableAsync(queue.Response, queue.Elapsed);

        await host.Storage.StartAsync();
        await WaitForHealthyAsync();

        // Each carrier retries its submission with its key (honouring 409 Retry-After while a key is still held).
        var references = new List<string>();
        for (var i = 0; i < keys.Length; i++)
        {
            var retried = await RetryUntilAcceptedAsync(keys[i]);
            var reference = (await retried.JsonAsync()).GetProperty("reference").GetString()!;
            if (answers[i].Response.StatusCode == HttpStatusCode.Accepted)
            {
                Assert.Equal((await answers[i].Response.JsonAsync()).GetProperty("reference").GetString(), reference);
            }

            references.Add(reference);
        }

        Assert.Equal(keys.Length, references.Distinct().Count());
        Assert.Equal(before + keys.Length, await OutageChecks.CountReferralsAsync(host.Get<ReferralTables>()));
        await OutageChecks.WaitForAllAsync(host.Get<DurableTaskClient>(), references, ReferralStatus.AwaitingValidation, TimeSpan.FromMinutes(2));
        foreach (var reference in references)
        {
            Assert.Single(await host.Get<TimelineStore>().GetAsync(reference, CancellationToken.None));
        }
    }

    private async Task<HttpResponseMessage> RetryUntilAcceptedAsync(string key)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var response = await host.Carrier().SubmitAsync(TestReferrals.Example(), key);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return response;
            }

            // A key still held by a request caught half-way (409), or storage not quite ready (503): retry as told.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.ServiceUnavailable });
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), limit.Token);
        }
    }

    private async Task WaitForHealthyAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await host.Http.GetAsync("/api/health", limit.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(250, limit.Token);
        }
    }
}
