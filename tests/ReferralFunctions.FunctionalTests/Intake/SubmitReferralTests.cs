using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Intake;

/// <summary>POST /api/v1/referrals through the real pipeline: Kestrel, Azurite, the durable engine.</summary>
public sealed class SubmitReferralTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    [Fact]
    public async Task The_published_example_is_accepted_stored_and_its_orchestration_started()
    {
        var body = Encoding.UTF8.GetBytes(TestReferrals.Example().ToJsonString());
        var key = CarrierClient.NewKey();

        var response = await host.Carrier().SubmitAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.JsonAsync();
        var reference = accepted.GetProperty("reference").GetString()!;
        Assert.True(ReferenceNumber.IsWellFormed(reference), reference);
        Assert.Equal($"/api/v1/referrals/{reference}", response.Headers.Location?.OriginalString);
        Assert.Equal("received", accepted.GetProperty("status").GetString());
        Assert.Empty(accepted.GetProperty("warnings").EnumerateArray());

        var receipt = accepted.GetProperty("receipt");
        Assert.Equal(reference, receipt.GetProperty("reference").GetString());
        Assert.Equal("DEMO", receipt.GetProperty("carrierId").GetString());
        Assert.Equal(key, receipt.GetProperty("idempotencyKey").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), receipt.GetProperty("contentSha256").GetString());
        Assert.Equal(body.Length, receipt.GetProperty("contentLength").GetInt32());
        Assert.Equal("suspicious-shipment", receipt.GetProperty("category").GetString());
        Assert.Equal(["MSKU1234565"], receipt.GetProperty("containerNumbers").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(
            ["UNCOLLECTED_CONTAINER", "PARTY_UNCONTACTABLE", "INVALID_CONSIGNEE_PHONE", "INVALID_CONSIGNEE_ADDRESS"],
            receipt.GetProperty("indicatorCodes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, receipt.GetProperty("partyCount").GetInt32());
        Assert.True(DateTimeOffset.UtcNow - receipt.GetProperty("receivedAt").GetDateTimeOffset() < TimeSpan.FromMinutes(1));

        // Stored exactly as received.
        var repository = host.Get<ReferralRepository>();
        Assert.Equal(body, await repository.ReadSubmissionAsync(reference, CancellationToken.None));

        // The orchestration runs under the referral id and moves the referral on to validation with the carrier.
        var instance = await WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        Assert.Equal(nameof(ReferralOrchestrator), instance.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance.RuntimeStatus);
        var stored = await repository.FindAsync(reference, CancellationToken.None);
        Assert.Equal(ReferralStatus.AwaitingValidation, stored!.Status);
        var timeline = await host.Get<TimelineStore>().GetAsync(reference, CancellationToken.None);
        Assert.Contains(timeline, e => e.Status == ReferralStatus.AwaitingValidation && e.Actor == ReferralOrchestrator.SystemActor);

        // The carrier sees the staged status, nothing internal.
        var view = await (await host.Carrier().GetReferralAsync(reference)).JsonAsync();
        Assert.Equal("under-assessment", view.GetProperty("status").GetString());
        Assert.Equal(reference, view.GetProperty("reference").GetString());
    }

    [Theory]
    [InlineData("container", "$.shipment.containerNumbers[0]", "CONTAINER_CHECK_DIGIT_MISMATCH")]
    [InlineData("imo", "$.shipment.vessel.imoNumber", "IMO_CHECK_DIGIT_MISMATCH")]
    public async Task A_check_digit_that_does_not_match_is_accepted_with_a_warning_kept_for_triage(string field, string path, string derivedCode)
    {
        var referral = TestReferrals.ExampleWith(r =>
        {
            if (field == "container") r["shipment"]!["containerNumbers"]![0] = "MSKU1234566";
            else r["shipment"]!["vessel"]!["imoNumber"] = "9074728";
        });

        var response = await host.Carrier().SubmitAsync(referral);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.JsonAsync();
        var warning = Assert.Single(accepted.GetProperty("warnings").EnumerateArray());
        Assert.Equal(path, warning.GetProperty("path").GetString());
        Assert.False(string.IsNullOrWhiteSpace(warning.GetProperty("message").GetString()));

        var stored = await host.Get<ReferralRepository>().FindAsync(accepted.GetProperty("reference").GetString()!, CancellationToken.None);
        var derived = Assert.Single(stored!.DerivedIndicators);
        Assert.Equal((path, derivedCode), (derived.Path, derived.Code));
        Assert.Equal(path, Assert.Single(stored.Warnings).Path);
    }

    [Fact]
    public async Task A_phone_that_cannot_be_valid_and_a_port_not_in_the_list_are_warnings_not_errors()
    {
        var referral = TestReferrals.ExampleWith(r =>
        {
            r["parties"]![0]!["phone"] = "+61 3 12";
            r["shipment"]!["portOfLoading"] = "CNZZZ";
        });

        var response = await host.Carrier().SubmitAsync(referral);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("path").GetString()).ToArray();
        Assert.Contains("$.parties[0].phone", paths);
        Assert.Contains("$.shipment.portOfLoading", paths);
    }

    [Theory]
    [InlineData("container", "$.shipment.containerNumbers[0]")]
    [InlineData("imo", "$.shipment.vessel.imoNumber")]
    public async Task A_malformed_identifier_is_refused_naming_the_field_and_nothing_is_stored(string field, string path)
    {
        var referral = TestReferrals.ExampleWith(r =>
        {
            if (field == "container") r["shipment"]!["containerNumbers"]![0] = "MSKU123456";
            else r["shipment"]!["vessel"]!["imoNumber"] = "907472";
        });
        var before = await StoredReferralCountAsync();

        var response = await host.Carrier().SubmitAsync(referral);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("urn:referrals:problem:invalid-referral", problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal([path], await response.ErrorPathsAsync());
        Assert.Equal(before, await StoredReferralCountAsync());
    }

    [Fact]
    public async Task Every_bad_field_is_listed_at_once()
    {
        var referral = TestReferrals.ExampleWith(r =>
        {
            r.Remove("summary");
            r["observedAt"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O");
            r["location"]!["unLocode"] = "QQMEL";
            r["shipment"]!["arrivedAt"] = "last tuesday";
            r["indicators"]![0]!["code"] = "NOT_IN_CATALOGUE";
            r["category"] = "smuggling";
            r["source"]!["type"] = 7;
            r["reporter"]!["name"] = new string('x', 201);
            r["parties"]![1]!["country"] = "XX";
        });

        var response = await host.Carrier().SubmitAsync(referral);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = await response.ErrorPathsAsync();
        foreach (var expected in new[]
        {
            "$.summary", "$.observedAt", "$.location.unLocode", "$.shipment.arrivedAt", "$.indicators[0].code",
            "$.category", "$.source.type", "$.reporter.name", "$.parties[1].country",
        })
        {
            Assert.Contains(expected, paths);
        }
    }

    [Fact]
    public async Task Problem_messages_never_echo_submitted_values()
    {
        const string secretish = "Jane Citizen +61 400 000 000";
        var referral = TestReferrals.ExampleWith(r => r["reporter"]!["name"] = secretish + new string('x', 300));

        var response = await host.Carrier().SubmitAsync(referral);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Jane Citizen", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_wrong_content_type_and_oversized_bodies_are_refused_and_change_nothing()
    {
        var before = await StoredReferralCountAsync();
        var carrier = host.Carrier();

        var malformed = await carrier.SubmitAsync(Encoding.UTF8.GetBytes("{\"category\": \"suspicious-shipment\","), CarrierClient.NewKey());
        var notJson = await carrier.SubmitAsync(Encoding.UTF8.GetBytes("category=suspicious-shipment"), CarrierClient.NewKey(), "application/x-www-form-urlencoded");
        var array = await carrier.SubmitAsync(Encoding.UTF8.GetBytes("[]"), CarrierClient.NewKey());
        var oversized = await carrier.SubmitAsync(Encoding.UTF8.GetBytes("{\"summary\":\"" + new string('a', 300 * 1024) + "\"}"), CarrierClient.NewKey());

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("urn:referrals:problem:malformed-json", (await malformed.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal("urn:referrals:problem:body-too-large", (await oversized.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(before, await StoredReferralCountAsync());
    }

    private Task<OrchestrationMetadata> WaitForStageAsync(string reference, ReferralStatus stage) =>
        host.Get<DurableTaskClient>().WaitForStageAsync(reference, stage);

    private async Task<int> StoredReferralCountAsync()
    {
        var count = 0;
        await foreach (var _ in host.Get<ReferralTables>().Referrals.QueryAsync<TableEntity>("RowKey eq 'referral'", select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }
}
