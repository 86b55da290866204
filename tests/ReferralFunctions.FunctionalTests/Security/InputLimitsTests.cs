using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Storage;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Every limit of the intake, at its edge and through the real pipeline: at the limit accepted, one over refused with
/// problem details naming the field (or the body), and nothing stored for a refusal.
/// </summary>
public sealed class InputLimitsTests(UnlimitedHostFixture host, ITestOutputHelper output) : IClassFixture<UnlimitedHostFixture>
{
    private const int MaxBodyBytes = 256 * 1024;

    [Fact]
    public async Task A_referral_with_every_string_and_array_at_its_limit_is_accepted_and_stored_as_sent()
    {
        var (referral, limits) = ContractLimits.AtEveryLimit();
        var body = Encoding.UTF8.GetBytes(referral.ToJsonString());

        var response = await host.Carrier().SubmitAsync(body, CarrierClient.NewKey());

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var reference = (await response.JsonAsync()).GetProperty("reference").GetString()!;
        Assert.Equal(body, await host.Get<ReferralRepository>().ReadSubmissionAsync(reference, CancellationToken.None));
        output.WriteLine($"{limits.Count} limits ({limits.Count(l => l.Keyword == "maxLength")} strings, {limits.Count(l => l.Keyword == "maxItems")} arrays) all at their edge in one body of {body.Length} bytes");
        Assert.True(body.Length < MaxBodyBytes, "a referral at every limit must fit the body limit");
    }

    [Fact]
    public async Task One_over_any_string_or_array_limit_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var (_, limits) = ContractLimits.AtEveryLimit();
        var before = await StoredReferralCountAsync();
        var tried = 0;
        foreach (var limit in limits)
        {
            var (referral, _) = ContractLimits.AtEveryLimit();
            string message;
            if (limit.Keyword == "maxLength")
            {
                var value = ContractLimits.Get(referral, limit.Segments).GetValue<string>();
                ContractLimits.Set(referral, limit.Segments, value + new string(value[^1], limit.Max + 1 - value.Length));
                message = $"must be at most {limit.Max} characters";
            }
            else
            {
                ContractLimits.Get(referral, limit.Segments).AsArray().Add(ContractLimits.ItemBeyond(limit));
                message = $"must have at most {limit.Max} items";
            }

            var body = Encoding.UTF8.GetBytes(referral.ToJsonString());
            Assert.True(body.Length < MaxBodyBytes, limit.Path);
            var response = await host.Carrier().SubmitAsync(body, CarrierClient.NewKey());

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{limit.Path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.JsonAsync();
            Assert.Equal("urn:referrals:problem:invalid-referral", problem.GetProperty("type").GetString());
            var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("message").GetString())).ToArray();
            Assert.Contains((limit.Path, message), errors);
            Assert.All(errors, e => Assert.Equal(limit.Path, e.Item1)); // a closed set (a code, a version) also says so, at the same path
            tried++;
        }

        Assert.Equal(before, await StoredReferralCountAsync());
        output.WriteLine($"{tried} over-limit bodies, each refused naming its field: " + string.Join(", ", limits.Select(l => $"{l.Path}<={l.Max}")));
        Assert.Equal(limits.Count, tried);
    }

    [Fact]
    public async Task A_body_of_exactly_256_KiB_is_accepted_and_one_byte_more_gets_413_problem_details_with_or_without_a_length()
    {
        var json = TestReferrals.Example().ToJsonString();
        var atLimit = Encoding.UTF8.GetBytes(json + new string(' ', MaxBodyBytes - json.Length)); // JSON allows trailing white space
        var over = Encoding.UTF8.GetBytes(json + new string(' ', MaxBodyBytes + 1 - json.Length));
        Assert.Equal(MaxBodyBytes, atLimit.Length);
        var before = await StoredReferralCountAsync();

        var accepted = await host.Carrier().SubmitAsync(atLimit, CarrierClient.NewKey());
        var refused = await host.Carrier().SubmitAsync(over, CarrierClient.NewKey());
        var refusedChunked = await host.Carrier().SendAsync(HttpMethod.Post, "/api/v1/referrals", over, request =>
        {
            request.Headers.Add("Idempotency-Key", CarrierClient.NewKey());
            request.Content = new UnknownLengthContent(over);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        foreach (var response in new[] { refused, refusedChunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.JsonAsync();
            Assert.Equal("urn:referrals:problem:body-too-large", problem.GetProperty("type").GetString());
            Assert.Contains(MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Null(refusedChunked.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal(before + 1, await StoredReferralCountAsync());
    }

    [Fact]
    public async Task Nesting_to_32_levels_reaches_the_validator_and_33_is_refused_naming_the_depth()
    {
        static byte[] Nested(int arrays) => Encoding.UTF8.GetBytes(
            TestReferrals.Example().ToJsonString()[..^1] + ",\"narrative\":" + new string('[', arrays) + new string(']', arrays) + "}");
        var before = await StoredReferralCountAsync();

        // The referral object is the first level, so 31 arrays inside it make 32.
        var atLimit = await host.Carrier().SubmitAsync(Nested(ReferralValidator.MaxDepth - 1), CarrierClient.NewKey());
        var over = await host.Carrier().SubmitAsync(Nested(ReferralValidator.MaxDepth), CarrierClient.NewKey());
        var far = await host.Carrier().SubmitAsync(Nested(100_000), CarrierClient.NewKey());

        Assert.Equal(HttpStatusCode.BadRequest, atLimit.StatusCode);
        Assert.Equal("urn:referrals:problem:invalid-referral", (await atLimit.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(["$.narrative"], await atLimit.ErrorPathsAsync());
        foreach (var response in new[] { over, far })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.Equal("urn:referrals:problem:malformed-json", problem.GetProperty("type").GetString());
            var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
            Assert.Equal("$", error.GetProperty("path").GetString());
            Assert.StartsWith("nests objects and arrays deeper than 32 levels", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await StoredReferralCountAsync());
    }

    [Fact]
    public async Task A_property_given_twice_is_refused_naming_it()
    {
        var json = TestReferrals.Example().ToJsonString();
        var body = Encoding.UTF8.GetBytes(json[..^1] + ",\"summary\":\"a different summary\"}");

        var response = await host.Carrier().SubmitAsync(body, CarrierClient.NewKey());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("urn:referrals:problem:invalid-referral", problem.GetProperty("type").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("$.summary", "must not appear more than once"), (error.GetProperty("path").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Objects_over_64_properties_and_arrays_over_their_limit_are_refused_at_once_however_large()
    {
        var example = TestReferrals.Example();
        var withUnknown = new StringBuilder(example.ToJsonString()[..^1]);
        for (var i = example.Count; i < ReferralValidator.MaxProperties; i++) withUnknown.Append(",\"p").Append(i).Append("\":0");
        var atLimit = withUnknown.ToString() + "}";
        var oneOver = withUnknown.ToString() + ",\"over\":0}";
        var flood = new StringBuilder(withUnknown.ToString());
        for (var i = 0; flood.Length < MaxBodyBytes - 32; i++) flood.Append(",\"q").Append(i).Append("\":0");
        var itemFlood = new StringBuilder(example.ToJsonString()[..^1] + ",\"attachments\":[{}");
        while (itemFlood.Length < MaxBodyBytes - 32) itemFlood.Append(",{}");

        var watch = Stopwatch.StartNew();
        var atLimitResponse = await host.Carrier().SubmitAsync(Encoding.UTF8.GetBytes(atLimit), CarrierClient.NewKey());
        var oneOverResponse = await host.Carrier().SubmitAsync(Encoding.UTF8.GetBytes(oneOver), CarrierClient.NewKey());
        var floodResponse = await host.Carrier().SubmitAsync(Encoding.UTF8.GetBytes(flood.Append('}').ToString()), CarrierClient.NewKey());
        var itemFloodResponse = await host.Carrier().SubmitAsync(Encoding.UTF8.GetBytes(itemFlood.Append("]}").ToString()), CarrierClient.NewKey());
        watch.Stop();

        // At the limit the object is read field by field: each unknown property is named.
        Assert.Equal(ReferralValidator.MaxProperties - example.Count, (await atLimitResponse.ErrorPathsAsync()).Count);
        foreach (var (response, path, message) in new[]
        {
            (oneOverResponse, "$", "must have at most 64 properties"),
            (floodResponse, "$", "must have at most 64 properties"),
            (itemFloodResponse, "$.attachments", "must have at most 20 items"),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
            Assert.Equal((path, message), (error.GetProperty("path").GetString(), error.GetProperty("message").GetString()));
        }

        // The time bound is in the validator's unit tests: here, under the whole suite's load, wall time says little.
        output.WriteLine($"64/65 properties, a {flood.Length}-byte property flood and a {itemFlood.Length}-byte item flood answered in {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_referral_with_more_than_100_bad_fields_lists_the_first_100_and_counts_them_all()
    {
        var referral = TestReferrals.ExampleWith(r =>
        {
            r["shipment"]!["containerNumbers"] = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode)("BAD" + i))]);
            r["shipment"]!["sealNumbers"] = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode)new string('s', 51))]);
            r["indicators"] = new JsonArray([.. Enumerable.Range(0, 30).Select(i => (JsonNode)new JsonObject { ["code"] = "lower" })]);
        });

        var response = await host.Carrier().SubmitAsync(referral);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(SubmitReferralEndpoint.MaxListedErrors, problem.GetProperty("errors").GetArrayLength());
        Assert.Equal("130 field(s) are invalid; nothing was stored. The first 100 are listed.", problem.GetProperty("detail").GetString());
    }

    private async Task<int> StoredReferralCountAsync()
    {
        var count = 0;
        await foreach (var _ in host.Get<ReferralTables>().Referrals.QueryAsync<TableEntity>("RowKey eq 'referral'", select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>Content whose length is not known up front, so it goes chunked and the server cannot refuse it by Content-Length.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
