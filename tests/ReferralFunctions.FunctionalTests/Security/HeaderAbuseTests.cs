using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Data.Tables;
using ReferralFunctions.Carriers;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.LocalHost;
using ReferralFunctions.Storage;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Malformed, injected and oversized headers sent over a raw socket (an HTTP client would refuse to send them): each is a
/// correctly signed submission of a valid referral plus one abuse, so anything but a refusal would store a referral.
/// </summary>
public sealed class HeaderAbuseTests(UnlimitedHostFixture host, ITestOutputHelper output) : IClassFixture<UnlimitedHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<string, int> Abuses() => new()
    {
        { "bare-cr-in-value", 400 },
        { "bare-lf-in-value", 400 },
        { "bare-lf-injected-idempotency-key", 400 },
        { "obs-fold-continuation", 400 },
        { "nul-in-value", 400 },
        { "space-before-colon", 400 },
        { "non-ascii-name", 400 },
        { "header-of-64-kib", 431 },
        { "headers-over-total-size", 431 },
        { "too-many-headers", 431 },
        { "request-line-too-long", 414 },
        { "no-host", 400 },
        { "two-content-lengths", 400 },
        { "content-length-and-chunked", 400 },
    };

    [Theory]
    [MemberData(nameof(Abuses))]
    public async Task An_abusive_request_gets_a_4xx_the_connection_closes_and_nothing_is_stored(string abuse, int expected)
    {
        var before = await StoredReferralCountAsync();

        var response = await SendRawAsync(SignedSubmission(abuse));

        output.WriteLine($"{abuse}: {response.StatusLine} (closed: {response.Closed})");
        Assert.Equal(expected, response.Status);
        Assert.True(response.Closed, "the server should close the connection after refusing the request");
        Assert.Equal(before, await StoredReferralCountAsync());

        // The host is unharmed: the same submission without the abuse is accepted.
        var normal = await SendRawAsync(SignedSubmission("none"));
        Assert.Equal(202, normal.Status);
        Assert.Equal(before + 1, await StoredReferralCountAsync());
    }

    [Fact]
    public async Task Header_count_is_accepted_at_the_limit_and_refused_one_over()
    {
        // A signed submission sends 8 headers of its own; padding makes up the rest.
        var atLimit = await SendRawAsync(SignedSubmission("none", extraHeaders: LocalHostLimits.MaxRequestHeaderCount - 8));
        var over = await SendRawAsync(SignedSubmission("none", extraHeaders: LocalHostLimits.MaxRequestHeaderCount - 7));

        Assert.Equal(202, atLimit.Status);
        Assert.Equal(431, over.Status);
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("tab\there")]
    [InlineData("ctl\u0001char")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    [InlineData("")]
    [InlineData("d\u00e9j\u00e0-vu")]
    public async Task An_idempotency_key_that_is_not_visible_ascii_is_refused_naming_the_header_and_never_reflected(string key)
    {
        var response = await SendRawAsync(SignedSubmission("none", idempotencyKey: key));

        if (response.Status == 400 && response.Body.Length == 0)
        {
            // Kestrel itself refused the header before the endpoint saw it; that also stores nothing.
            Assert.True(key.Any(c => char.IsControl(c) && c != '\t'), $"Kestrel refused {key}");
            return;
        }

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Contains("urn:referrals:problem:idempotency-key-required", response.Body, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"Idempotency-Key\"", response.Body, StringComparison.Ordinal);
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key, response.Body, StringComparison.Ordinal);
            Assert.All(response.Headers, h => Assert.DoesNotContain(key, h, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Request_header_content_is_never_reflected_into_response_headers()
    {
        const string marker = "reflect-ME-7c1e";
        string[] hostileValues = [marker + " <script>", marker + "\";x=y", marker + "%0d%0aSet-Cookie:a=b", marker + "\tTAB"];
        var reflected = 0;
        var tried = 0;
        foreach (var value in hostileValues)
        {
            foreach (var header in new[] { "X-Carrier-Id", "X-Nonce", "X-Timestamp", "X-Signature", "Idempotency-Key", "X-Request-Id", "Origin", "Accept" })
            {
                var response = await SendRawAsync(SignedSubmission("none", replace: (header, value)));
                tried++;
                Assert.InRange(response.Status, 200, 499); // a header the service does not read may be sent; it is still not echoed
                if (response.Headers.Any(h => h.Contains(marker, StringComparison.Ordinal))) reflected++;
                if (response.Status >= 400) Assert.DoesNotContain(marker, response.Body, StringComparison.Ordinal); // a receipt does quote its key, as JSON
            }
        }

        output.WriteLine($"{tried} requests with hostile header values; reflected in response headers: {reflected}");
        Assert.Equal(0, reflected);
    }

    /// <summary>A signed POST of the published example, with <paramref name="abuse"/> applied to its head.</summary>
    private byte[] SignedSubmission(string abuse, int extraHeaders = 0, string? idempotencyKey = null, (string Name, string Value)? replace = null)
    {
        var body = Encoding.UTF8.GetBytes(TestReferrals.Example().ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = CarrierClient.NewNonce();
        var target = "/api/v1/referrals";
        var headers = new List<string>
        {
            $"Host: 127.0.0.1:{host.Host.BaseAddress.Port}",
            "Content-Type: application/json",
            $"Content-Length: {body.Length}",
            $"{CarrierHeaders.CarrierId}: DEMO",
            $"{CarrierHeaders.Timestamp}: {timestamp.ToString(CultureInfo.InvariantCulture)}",
            $"{CarrierHeaders.Nonce}: {nonce}",
            $"{CarrierHeaders.Signature}: {CarrierSignature.Sign(LocalCarrierSecretStore.DemoSecret, timestamp, nonce, "POST", target, body)}",
            $"Idempotency-Key: {idempotencyKey ?? CarrierClient.NewKey()}",
        };
        for (var i = 0; i < extraHeaders; i++) headers.Add($"X-Pad-{i}: {i}");
        if (replace is { } r)
        {
            headers.RemoveAll(h => h.StartsWith(r.Name + ":", StringComparison.OrdinalIgnoreCase));
            headers.Add($"{r.Name}: {r.Value}");
        }

        switch (abuse)
        {
            case "none": break;
            case "bare-cr-in-value": headers.Add("X-Note: a\rX-Injected: 1"); break;
            case "bare-lf-in-value": headers.Add("X-Note: a\nX-Injected: 1"); break;
            case "bare-lf-injected-idempotency-key": // were LF a line end, this would be a second key
                headers.RemoveAll(h => h.StartsWith("Idempotency-Key:", StringComparison.Ordinal));
                headers.Add($"Idempotency-Key: {CarrierClient.NewKey()}\nX-Injected: 1");
                break;
            case "obs-fold-continuation": headers.Add("X-Note: a"); headers.Add(" folded: continuation"); break;
            case "nul-in-value": headers.Add("X-Note: a\0b"); break;
            case "space-before-colon": headers.Add("X-Note : a"); break;
            case "non-ascii-name": headers.Add("X-Nöte: a"); break;
            case "header-of-64-kib": headers.Add("X-Big: " + new string('a', 64 * 1024)); break;
            case "headers-over-total-size":
                for (var i = 0; i < 20; i++) headers.Add($"X-Part-{i}: " + new string('b', 1000));
                break;
            case "too-many-headers":
                for (var i = 0; i < LocalHostLimits.MaxRequestHeaderCount * 2; i++) headers.Add($"X-Many-{i}: {i}");
                break;
            case "request-line-too-long": target += "?pad=" + new string('p', LocalHostLimits.MaxRequestLineBytes); break;
            case "no-host": headers.RemoveAt(0); break;
            case "two-content-lengths": headers.Add($"Content-Length: {body.Length + 1}"); break;
            case "content-length-and-chunked": headers.Add("Transfer-Encoding: chunked"); break;
            default: throw new ArgumentOutOfRangeException(nameof(abuse), abuse, null);
        }

        var head = $"POST {target} HTTP/1.1\r\n" + string.Join("\r\n", headers) + "\r\n\r\n";
        // UTF-8, as a client sending non-ASCII would; a control character is one byte either way.
        var headBytes = Encoding.UTF8.GetBytes(head);
        return [.. headBytes, .. body];
    }

    /// <summary>Writes <paramref name="request"/> while reading the answer, then waits for the server to close; never longer than <see cref="Patience"/>.</summary>
    private async Task<RawResponse> SendRawAsync(byte[] request)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(Patience);
        await client.ConnectAsync(IPAddress.Loopback, host.Host.BaseAddress.Port, timeout.Token);
        var stream = client.GetStream();

        // The server may answer (and stop reading) before the whole request is written: write in the background.
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(request, timeout.Token);
            }
            catch (IOException)
            {
            }
        });

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var closed = false;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                received.Write(buffer, 0, read);
                var bytes = received.ToArray();
                if (RawResponse.IsComplete(bytes)
                    && !string.Equals(RawResponse.Parse(bytes, closed: false).Header("Connection"), "close", StringComparison.OrdinalIgnoreCase))
                {
                    // The answer is complete and the server keeps the connection: stop here rather than wait for the timeout.
                    break;
                }
            }
        }
        catch (IOException)
        {
            closed = true; // reset by the server after it answered
        }
        catch (OperationCanceledException)
        {
        }

        await writing;
        Assert.True(received.Length > 0, "no answer within " + Patience);
        return RawResponse.Parse(received.ToArray(), closed);
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

    private sealed record RawResponse(string StatusLine, int Status, IReadOnlyList<string> Headers, string Body, bool Closed)
    {
        public string? Header(string name) => Headers
            .Where(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(h => h[(name.Length + 1)..].Trim())
            .FirstOrDefault();

        public static bool IsComplete(byte[] bytes)
        {
            var text = Encoding.Latin1.GetString(bytes);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) return false;
            var response = Parse(bytes, closed: false);
            var length = response.Header("Content-Length");
            return length is null
                ? response.Header("Transfer-Encoding") is null || text.EndsWith("0\r\n\r\n", StringComparison.Ordinal)
                : bytes.Length - (end + 4) >= int.Parse(length, CultureInfo.InvariantCulture);
        }

        public static RawResponse Parse(byte[] bytes, bool closed)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var head = (end < 0 ? text : text[..end]).Split("\r\n");
            var status = head[0].Split(' ') is [_, var code, ..] && int.TryParse(code, CultureInfo.InvariantCulture, out var s) ? s : 0;
            return new RawResponse(head[0], status, head[1..], end < 0 ? string.Empty : text[(end + 4)..], closed);
        }
    }
}
