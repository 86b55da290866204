using System.Net;
using System.Text;
using Azure.Data.Tables;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Http;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>The local host as it behaves behind Azure's TLS-terminating front end (Transport:AzureFrontEnd).</summary>
public sealed class AzureFrontEndHostFixture : ReferralHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Transport:AzureFrontEnd"] = "true";
        return settings;
    }
}

/// <summary>
/// Behind the front end (ASVS 4.1.1, 4.1.2, 3.4.1): an API request that came over plain HTTP is refused with 403
/// <c>https-required</c> and touches nothing, pages are redirected, HTTPS answers carry HSTS. The front end's verdict
/// arrives as <c>X-Forwarded-Proto</c>, as the Functions host forwards it to the worker.
/// </summary>
public sealed class TransportSecurityTests(AzureFrontEndHostFixture host) : IClassFixture<AzureFrontEndHostFixture>, IDisposable
{
    private readonly HttpClient http = NoRedirects(host.Host.BaseAddress);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task A_signed_submission_over_plain_http_is_refused_and_touches_nothing()
    {
        var carrier = new CarrierClient(http, "DEMO", Carriers.LocalCarrierSecretStore.DemoSecret);
        var body = Encoding.UTF8.GetBytes(TestReferrals.Example().ToJsonString());
        var key = CarrierClient.NewKey();
        var nonce = CarrierClient.NewNonce();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Task<HttpResponseMessage> Submit(string scheme) => carrier.SendAsync(HttpMethod.Post, "/api/v1/referrals", body, request =>
        {
            request.Headers.Add("Idempotency-Key", key);
            request.Content!.Headers.ContentType = new("application/json");
            request.Headers.Add(TransportSecurity.ForwardedProtoHeader, scheme);
        }, timestamp, nonce);

        var rowsBefore = await RowCountAsync();
        var refused = await Submit("http");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.JsonAsync();
        Assert.Equal("urn:referrals:problem:https-required", problem.GetProperty("type").GetString());
        Assert.Null(refused.Headers.Location);
        Assert.False(refused.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP is meaningless (RFC 6797 7.2)");
        Assert.True(refused.Headers.CacheControl?.NoStore);
        Assert.Equal(rowsBefore, await RowCountAsync());

        // The very same signed request over HTTPS is accepted: its nonce and idempotency key were never recorded.
        var accepted = await Submit("https");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.StartsWith("max-age=", accepted.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        // Whereas a processed request's nonce is: sent once more it is a replay.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Submit("https")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http")]
    [InlineData("HTTP")]
    [InlineData("https, http")]
    [InlineData("https,http")]
    [InlineData("ftp")]
    [InlineData("")]
    public async Task An_api_request_not_forwarded_as_https_is_refused(string? forwardedProto)
    {
        // The nearest proxy's value (rightmost) decides; a missing or odd one counts as plain HTTP (fail closed).
        var answer = await GetAsync("/api/health", forwardedProto);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal("urn:referrals:problem:https-required", (await answer.JsonAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("https")]
    [InlineData("HTTPS")]
    [InlineData("http, https")]
    public async Task An_https_answer_carries_hsts_for_a_year_or_more_with_subdomains(string forwardedProto)
    {
        var health = await GetAsync("/api/health", forwardedProto);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        AssertHsts(health);

        // Refusals and unknown paths too: every HTTPS answer.
        var unsigned = await GetAsync("/api/v1/referrals/RF-2026-0000-0000", forwardedProto);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        AssertHsts(unsigned);
        AssertHsts(await GetAsync("/staff/", forwardedProto));
    }

    [Fact]
    public async Task A_page_over_plain_http_is_redirected_to_https_and_a_form_post_is_refused()
    {
        var page = await GetAsync("/staff/queue?view=mine&x=%C3%A9", "http");

        Assert.Equal(HttpStatusCode.PermanentRedirect, page.StatusCode);
        Assert.Equal($"https://{host.Host.BaseAddress.Authority}/staff/queue?view=mine&x=%C3%A9", page.Headers.Location?.OriginalString);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));

        using var post = new HttpRequestMessage(HttpMethod.Post, "/staff/queue") { Content = new StringContent("a=1") };
        post.Headers.Add(TransportSecurity.ForwardedProtoHeader, "http");
        var posted = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal("urn:referrals:problem:https-required", (await posted.JsonAsync()).GetProperty("type").GetString());

        // The API is never redirected, not even for GET.
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/api/v1/referrals/RF-2026-0000-0000", "http")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/API/health", "http")).StatusCode);
    }

    internal static void AssertHsts(HttpResponseMessage answer)
    {
        var value = Assert.Single(answer.Headers.GetValues("Strict-Transport-Security"));
        var directives = value.Split(';', StringSplitOptions.TrimEntries);
        var maxAge = long.Parse(directives.Single(d => d.StartsWith("max-age=", StringComparison.Ordinal))["max-age=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(maxAge >= 31_536_000, $"max-age {maxAge} is under a year");
        Assert.Contains("includeSubDomains", directives);
    }

    internal static HttpClient NoRedirects(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private async Task<HttpResponseMessage> GetAsync(string path, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedProto is not null)
        {
            request.Headers.TryAddWithoutValidation(TransportSecurity.ForwardedProtoHeader, forwardedProto);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Rows in every table of this host (referrals, idempotency, nonces, audit, …).</summary>
    private async Task<int> RowCountAsync()
    {
        var tables = new TableServiceClient("UseDevelopmentStorage=true");
        var rows = 0;
        await foreach (var table in tables.QueryAsync())
        {
            if (table.Name.StartsWith(host.TablePrefix, StringComparison.OrdinalIgnoreCase))
            {
                await foreach (var _ in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
                {
                    rows++;
                }
            }
        }

        return rows;
    }
}

/// <summary>Locally (no front end) the transport rules are off and forwarded headers are not believed.</summary>
public sealed class LocalTransportTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>, IDisposable
{
    private readonly HttpClient http = TransportSecurityTests.NoRedirects(host.Host.BaseAddress);

    public void Dispose() => http.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("http")]
    [InlineData("https")]
    public async Task Plain_http_is_served_without_hsts_whatever_a_forwarded_header_says(string? forwardedProto)
    {
        foreach (var path in new[] { "/api/health", "/staff/queue" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (forwardedProto is not null)
            {
                request.Headers.Add(TransportSecurity.ForwardedProtoHeader, forwardedProto);
            }

            var answer = await http.SendAsync(request);
            Assert.Equal(path == "/api/health" ? HttpStatusCode.OK : HttpStatusCode.NotFound, answer.StatusCode);
            Assert.False(answer.Headers.Contains("Strict-Transport-Security"), $"{path}: HSTS sent locally");
        }
    }
}
