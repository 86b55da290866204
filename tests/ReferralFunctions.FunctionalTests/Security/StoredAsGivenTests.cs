using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Markup, template and injection strings and every control character JSON can carry are text like any other: stored
/// as given, never interpreted, and read back byte for byte through the API as JSON that no browser sniffs into HTML.
/// </summary>
public sealed class StoredAsGivenTests(UnlimitedHostFixture host, ITestOutputHelper output) : IClassFixture<UnlimitedHostFixture>
{
    /// <summary>Every C0 control (NUL, tab, CR, LF, ESC…), DEL and the C1 controls, in one string.</summary>
    private static readonly string Controls = new([.. Enumerable.Range(0, 0x20).Select(c => (char)c), '\u007f', .. Enumerable.Range(0x80, 0x20).Select(c => (char)c)]);

    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "javascript:alert(1)",
        "{{7*7}}",
        "${7*7}",
        "#{7*7}",
        "<%= 7*7 %>",
        "${jndi:ldap://x}",
        "'; DROP TABLE--",
        "' OR '1'='1",
        "PartitionKey eq 'DEMO' or true",
        "=cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "../../../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "%0d%0aSet-Cookie: x=1",
        "\r\nSet-Cookie: injected=1\r\n",
        "<![CDATA[x]]>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;",
        "&lt;b&gt; &amp; &#x3C;",
        "\\u003cscript\\u003e",
        "\\\"\\\\'`",
        "%s%s%s%n{0}{1}",
        Controls,
        "tab\there\nnew line\r\ncarriage\0nul",
        "\u2028\u2029",
        "\u202Egnp.exe",
        "\uFEFF\u200B\u200D\u2060",
        "\uFFFD\uFFFE\uFFFF",
        "e\u0301 \u00e9 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u4e2d\u6587",
        "\U0001F600\U0001F468\u200D\U0001F469\u200D\U0001F467",
        "null",
        "NaN",
        "-1e999",
    ];

    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    [Fact]
    public async Task Hostile_text_in_every_free_text_field_is_stored_byte_for_byte()
    {
        var all = string.Join(" | ", Hostile);
        var referral = TestReferrals.ExampleWith(r =>
        {
            r["narrative"] = all;
            r["summary"] = Hostile[0] + Hostile[1] + Hostile[8];
            r["location"]!["facility"] = Hostile[4] + Hostile[9];
            r["source"]!["detail"] = Controls;
            r["reporter"]!["name"] = Hostile[1];
            r["reporter"]!["position"] = Hostile[12];
            r["shipment"]!["declaredGoods"] = Hostile[19];
            r["parties"]![0]!["address"] = Hostile[25];
            r["indicators"] = new JsonArray([.. Hostile.Take(30).Select(h => (JsonNode)new JsonObject { ["code"] = "OTHER", ["detail"] = h })]);
        });
        var body = Encoding.UTF8.GetBytes(referral.ToJsonString());

        var response = await host.Carrier().SubmitAsync(body, CarrierClient.NewKey());

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        await AssertSafeJsonAsync(response);
        var reference = (await response.JsonAsync()).GetProperty("reference").GetString()!;
        var stored = await host.Get<ReferralRepository>().ReadSubmissionAsync(reference, CancellationToken.None);
        Assert.Equal(body, stored);
        var read = JsonNode.Parse(stored)!;
        Assert.Equal(all, read["narrative"]!.GetValue<string>());
        Assert.Equal(Controls, read["source"]!["detail"]!.GetValue<string>());
        Assert.Equal(Hostile.Take(30), read["indicators"]!.AsArray().Select(i => i!["detail"]!.GetValue<string>()));
        output.WriteLine($"{Hostile.Length} hostile strings ({Hostile.Sum(h => h.Length)} characters, {Controls.Length} control characters) in {8 + 30} fields stored byte for byte");
    }

    [Fact]
    public async Task Hostile_text_passed_between_staff_and_carrier_reads_back_identical_as_json_never_html()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);

        // Staff to carrier: each hostile string as a question (and its path), read in the carrier's view.
        foreach (var text in Hostile)
        {
            var asked = await Analyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/questions")
            {
                Content = JsonContent.Create(new { question = "Q: " + text, path = "$" + text }), // a question of white space alone is refused
            });
            Assert.True(asked.StatusCode == HttpStatusCode.Created, $"{(int)asked.StatusCode} for {JsonSerializer.Serialize(text)}");
            await AssertSafeJsonAsync(asked);
        }

        using var carrierView = await host.Carrier().GetReferralAsync(reference);
        await AssertSafeJsonAsync(carrierView);
        var questions = (await carrierView.JsonAsync()).GetProperty("questions").EnumerateArray().ToArray();
        foreach (var text in Hostile)
        {
            Assert.Contains(questions, q => q.GetProperty("question").GetString() == "Q: " + text && q.GetProperty("path").GetString() == "$" + text);
        }

        // Carrier to staff: all of it as the validation answer's additional information and as a corrected value.
        var all = string.Join(" | ", Hostile);
        var answer = new JsonObject
        {
            ["confirm"] = true,
            ["corrections"] = new JsonArray(new JsonObject { ["path"] = "$.narrative", ["value"] = all }),
            ["additionalInformation"] = all,
        };
        var answered = await host.Carrier().SendAsync(HttpMethod.Post, $"/api/v1/referrals/{reference}/validation", Encoding.UTF8.GetBytes(answer.ToJsonString()),
            r => { r.Headers.Add("Idempotency-Key", CarrierClient.NewKey()); r.Content!.Headers.ContentType = new("application/json"); });
        Assert.True(answered.StatusCode == HttpStatusCode.Accepted, await answered.Content.ReadAsStringAsync());
        await AssertSafeJsonAsync(answered);

        using var staffView = await Analyst.GetAsync($"/api/v1/analyst/referrals/{reference}");
        Assert.Equal(HttpStatusCode.OK, staffView.StatusCode);
        await AssertSafeJsonAsync(staffView);
        var detail = await staffView.JsonAsync();
        var staffQuestions = detail.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("text").GetString()).ToArray();
        Assert.All(Hostile, text => Assert.Contains("Q: " + text, staffQuestions));
        var validation = Assert.Single(detail.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("actor").GetString() == "carrier:" + detail.GetProperty("referrerPseudonym").GetString());
        var details = validation.GetProperty("details");
        Assert.Equal(all, details.GetProperty("additionalInformation").GetString());
        Assert.Equal(all, details.GetProperty("corrections")[0].GetProperty("value").GetString());
        output.WriteLine($"{Hostile.Length} hostile strings asked as questions (text and path) and read back by carrier and staff; {all.Length} characters answered back");
    }

    [Fact]
    public async Task A_lone_surrogate_is_not_text_and_is_refused()
    {
        var json = TestReferrals.Example().ToJsonString()[..^1] + ",\"narrative\":\"broken \\udc00 half\"}";

        var response = await host.Carrier().SubmitAsync(Encoding.UTF8.GetBytes(json), CarrierClient.NewKey());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSafeJsonAsync(response);
        Assert.Equal("urn:referrals:problem:malformed-json", (await response.JsonAsync()).GetProperty("type").GetString());
    }

    /// <summary>
    /// JSON or problem JSON that parses, and never sniffable. Markup may appear raw inside JSON strings (the API does not
    /// HTML-encode); whoever renders the text must encode it.
    /// </summary>
    private static async Task AssertSafeJsonAsync(HttpResponseMessage response)
    {
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/json", "application/problem+json" });
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        using var _ = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
