using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Intake;

/// <summary>Idempotency-Key: retries return the first answer; nothing is lost, nothing duplicated.</summary>
public sealed class IdempotencyTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private static byte[] Example(string summary = "Dry container uncollected for eight weeks.") =>
        Encoding.UTF8.GetBytes(TestReferrals.ExampleWith(r => r["summary"] = summary).ToJsonString());

    [Fact]
    public async Task The_same_key_and_body_return_the_first_answer_and_store_one_referral()
    {
        var key = CarrierClient.NewKey();
        var body = Example(Guid.NewGuid().ToString());

        var first = await host.Carrier().SubmitAsync(body, key);
        var retry = await host.Carrier().SubmitAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, await CountReferralsWithDigestAsync(body));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_with_422()
    {
        var key = CarrierClient.NewKey();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Carrier().SubmitAsync(Example("first"), key)).StatusCode);

        var second = await host.Carrier().SubmitAsync(Example("second"), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("urn:referrals:problem:idempotency-key-reused", (await second.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(0, await CountReferralsWithDigestAsync(Example("second")));
    }

    [Fact]
    public async Task A_missing_key_is_refused_with_400_naming_the_header()
    {
        var response = await host.Carrier().SubmitAsync(Example(), idempotencyKey: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Idempotency-Key"], await response.ErrorPathsAsync());
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_carrier()
    {
        var key = CarrierClient.NewKey();
        var body = Example(Guid.NewGuid().ToString());

        var demo = await (await host.Carrier().SubmitAsync(body, key)).JsonAsync();
        var other = await (await host.Carrier(ReferralHostFixture.OtherCarrier).SubmitAsync(body, key)).JsonAsync();

        Assert.NotEqual(demo.GetProperty("reference").GetString(), other.GetProperty("reference").GetString());
        Assert.Equal(2, await CountReferralsWithDigestAsync(body));
    }

    [Fact]
    public async Task A_duplicate_arriving_while_the_first_is_processed_gets_409()
    {
        var key = CarrierClient.NewKey();
        var body = Example(Guid.NewGuid().ToString());
        // The first request holds the key (claimed, not yet completed), exactly as it does while it is being processed.
        var claim = await host.Get<IdempotencyStore>().ClaimAsync(DemoLookup, key, Sha256(body), ReferenceNumber.Create(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(IdempotencyOutcome.Claimed, claim.Outcome);

        var duplicate = await host.Carrier().SubmitAsync(body, key);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("urn:referrals:problem:idempotency-key-in-use", (await duplicate.JsonAsync()).GetProperty("type").GetString());
        Assert.True(duplicate.Headers.RetryAfter is not null);
        Assert.Equal(0, await CountReferralsWithDigestAsync(body));
    }

    [Fact]
    public async Task Concurrent_duplicates_make_exactly_one_referral()
    {
        var key = CarrierClient.NewKey();
        var body = Example(Guid.NewGuid().ToString());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Carrier().SubmitAsync(body, key)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        var references = new HashSet<string>();
        foreach (var accepted in responses.Where(r => r.StatusCode == HttpStatusCode.Accepted))
        {
            references.Add((await accepted.JsonAsync()).GetProperty("reference").GetString()!);
        }

        Assert.Single(references);
        Assert.Equal(1, await CountReferralsWithDigestAsync(body));
    }

    [Fact]
    public async Task A_retry_after_the_first_request_died_completes_the_same_referral()
    {
        var key = CarrierClient.NewKey();
        var body = Example(Guid.NewGuid().ToString());
        var store = StoreWithExpiringLeases();
        // A request claimed the key and then died before storing anything: its lease runs out.
        var reference = ReferenceNumber.Create(DateTimeOffset.UtcNow);
        await store.ClaimAsync(DemoLookup, key, Sha256(body), reference, CancellationToken.None);
        await Task.Delay(50);

        var retry = await host.Carrier().SubmitAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(reference, (await retry.JsonAsync()).GetProperty("reference").GetString());
        Assert.Equal(1, await CountReferralsWithDigestAsync(body));
    }

    [Fact]
    public async Task A_retry_after_the_first_request_died_having_stored_and_started_everything_duplicates_nothing()
    {
        var key = CarrierClient.NewKey();
        var body = Example(Guid.NewGuid().ToString());
        var store = StoreWithExpiringLeases();
        var reference = ReferenceNumber.Create(DateTimeOffset.UtcNow);
        await store.ClaimAsync(DemoLookup, key, Sha256(body), reference, CancellationToken.None);
        // It got as far as storing the referral and starting its orchestration, then died before answering.
        var now = DateTimeOffset.UtcNow;
        await host.Get<ReferralRepository>().CreateAsync(
            new ReferralRecord(reference, "DEMO", ReferralStatus.Received, now, now, "suspicious-shipment", Sha256(body), body.Length, "2026.1", [], [], []),
            body,
            CancellationToken.None);
        var durable = host.Get<DurableTaskClient>();
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(ReferralOrchestrator), new ReferralWorkflowInput(reference), new StartOrchestrationOptions(reference));
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);

        var retry = await host.Carrier().SubmitAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(reference, (await retry.JsonAsync()).GetProperty("reference").GetString());
        Assert.Equal(1, await CountReferralsWithDigestAsync(body));
        var instance = await durable.GetInstanceAsync(reference);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        Assert.Single(await host.Get<TimelineStore>().GetAsync(reference, CancellationToken.None));
    }

    // The key store a request that dies uses: its lease runs out at once, as it would after the request stopped.
    private IdempotencyStore StoreWithExpiringLeases() => new(
        host.Get<ReferralTables>(),
        host.Get<FieldCipher>(),
        TimeProvider.System,
        Microsoft.Extensions.Options.Options.Create(new IntakeOptions { IdempotencyLease = TimeSpan.FromMilliseconds(1) }));

    /// <summary>The DEMO carrier's look-up value: what its idempotency keys are stored under.</summary>
    private string DemoLookup => host.Get<CarrierLookup>().For("DEMO");

    private static string Sha256(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private async Task<int> CountReferralsWithDigestAsync(byte[] body)
    {
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq 'referral' and ContentSha256 eq {Sha256(body)}");
        await foreach (var _ in host.Get<ReferralTables>().Referrals.QueryAsync<TableEntity>(filter))
        {
            count++;
        }

        return count;
    }
}
