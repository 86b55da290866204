using System.Net;
using System.Text;
using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Intake;

/// <summary>Signed carrier requests: every way a signature can be wrong gets 401 and changes nothing.</summary>
public sealed class CarrierAuthenticationTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private static byte[] Example() => Encoding.UTF8.GetBytes(TestReferrals.Example().ToJsonString());

    private static Task<HttpResponseMessage> SubmitAsync(CarrierClient carrier, long? timestamp = null, string? nonce = null, string? signWith = null, Action<HttpRequestMessage>? adjust = null) =>
        carrier.SendAsync(HttpMethod.Post, "/api/v1/referrals", Example(), request =>
        {
            request.Headers.Add("Idempotency-Key", CarrierClient.NewKey());
            request.Content!.Headers.ContentType = new("application/json");
            adjust?.Invoke(request);
        }, timestamp, nonce, signWith);

    [Fact]
    public async Task A_correctly_signed_request_is_accepted()
    {
        var response = await SubmitAsync(host.Carrier());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-3600)]
    public async Task A_timestamp_more_than_300_seconds_from_now_is_refused(int offsetSeconds)
    {
        var response = await SubmitAsync(host.Carrier(), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds);
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_timestamp_just_inside_the_window_is_accepted()
    {
        var response = await SubmitAsync(host.Carrier(), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 290);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_replayed_nonce_is_refused()
    {
        var nonce = CarrierClient.NewNonce();
        var first = await SubmitAsync(host.Carrier(), nonce: nonce);
        var replay = await SubmitAsync(host.Carrier(), nonce: nonce);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await AssertUnauthorizedAsync(replay);
    }

    [Fact]
    public async Task Nonces_are_per_carrier()
    {
        var nonce = CarrierClient.NewNonce();
        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(host.Carrier(), nonce: nonce)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(host.Carrier(ReferralHostFixture.OtherCarrier), nonce: nonce)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_carrier_and_a_wrong_signature_look_the_same()
    {
        var unknown = await SubmitAsync(host.Carrier("NO-SUCH-CARRIER"));
        var wrong = await SubmitAsync(host.Carrier(), signWith: "not-the-secret-but-long-enough-4c2e8a1f");

        await AssertUnauthorizedAsync(unknown);
        await AssertUnauthorizedAsync(wrong);
        var a = await unknown.JsonAsync();
        var b = await wrong.JsonAsync();
        foreach (var field in new[] { "type", "title", "detail", "status" })
        {
            Assert.Equal(a.GetProperty(field).ToString(), b.GetProperty(field).ToString());
        }
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var response = await SubmitAsync(host.Carrier(), adjust: request =>
        {
            var tampered = Encoding.UTF8.GetBytes(TestReferrals.ExampleWith(r => r["summary"] = "Changed in transit").ToJsonString());
            request.Content = new ByteArrayContent(tampered) { Headers = { ContentType = new("application/json") } };
        });
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_path_or_query_changed_after_signing_is_refused()
    {
        var response = await SubmitAsync(host.Carrier(), adjust: request => request.RequestUri = new Uri("/api/v1/referrals?x=1", UriKind.Relative));
        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("X-Carrier-Id")]
    [InlineData("X-Timestamp")]
    [InlineData("X-Nonce")]
    [InlineData("X-Signature")]
    public async Task A_missing_signature_header_is_refused_and_named(string header)
    {
        var response = await SubmitAsync(host.Carrier(), adjust: request => request.Headers.Remove(header));
        await AssertUnauthorizedAsync(response);
        Assert.Contains(header, (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has spaces in it and more")]
    [InlineData("ThisNonceIsFarTooLongToBeAcceptedBecauseItRunsOnPastSixtyFourCharacters")]
    public async Task A_malformed_nonce_is_refused(string nonce)
    {
        var response = await SubmitAsync(host.Carrier(), nonce: nonce);
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task During_rotation_the_previous_secret_still_verifies_and_others_do_not()
    {
        var carrier = host.Carrier(ReferralHostFixture.RotatingCarrier);

        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(carrier, signWith: ReferralHostFixture.RotatingCurrentSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(carrier, signWith: ReferralHostFixture.RotatingPreviousSecret)).StatusCode);
        await AssertUnauthorizedAsync(await SubmitAsync(carrier, signWith: "rotating-even-older-secret-6a0d3f9c1e7b"));
    }

    [Fact]
    public async Task Signed_reads_are_checked_too()
    {
        var response = await host.Carrier().SendAsync(HttpMethod.Get, "/api/v1/referrals/RF-2026-0000-0000", null, signWith: "not-the-secret-but-long-enough-4c2e8a1f");
        await AssertUnauthorizedAsync(response);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:referrals:problem:unauthorized", (await response.JsonAsync()).GetProperty("type").GetString());
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }
}
