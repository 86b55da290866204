using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>The local host without a rate limit in the way (per carrier or per address), for sending many bodies quickly.</summary>
public sealed class UnlimitedHostFixture : ReferralHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["CarrierAuth:RateLimit:Burst"] = "100000";
        settings["CarrierAuth:RateLimit:PermitsPerMinute"] = "100000";
        settings["CarrierAuth:AddressRateLimit:Burst"] = "100000";
        settings["CarrierAuth:AddressRateLimit:PermitsPerMinute"] = "100000";
        return settings;
    }
}

/// <summary>
/// Fuzz-style: many malformed, mutated and random bodies, correctly signed, must all get a 4xx answer — never a 5xx —
/// and store nothing.
/// </summary>
public sealed class HostileInputTests(UnlimitedHostFixture host) : IClassFixture<UnlimitedHostFixture>
{
    private const int Bodies = 600;

    [Fact]
    public async Task Malformed_and_random_bodies_get_only_4xx_and_change_nothing()
    {
        var before = await StoredReferralCountAsync();
        var random = new Random(20261128);
        var problems = new Dictionary<string, int>();
        foreach (var body in Generate(random).Take(Bodies))
        {
            var response = await host.Carrier().SubmitAsync(body, CarrierClient.NewKey());
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{status} for body {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)))}");
            var type = (await response.JsonAsync()).GetProperty("type").GetString()!;
            problems[type] = problems.GetValueOrDefault(type) + 1;
        }

        Assert.Equal(before, await StoredReferralCountAsync());
        Assert.True(problems.ContainsKey("urn:referrals:problem:malformed-json") && problems.ContainsKey("urn:referrals:problem:invalid-referral"),
            "the bodies should reach both the parser and the validator: " + string.Join(", ", problems));
    }

    private static IEnumerable<byte[]> Generate(Random random)
    {
        var example = TestReferrals.Example().ToJsonString();
        string[] fixedCases =
        [
            "", " ", "null", "true", "0", "\"text\"", "[]", "{}", "{", "}", "[{}]", "{\"category\":}", "{'category':'x'}",
            "{\"category\":\"suspicious-shipment\"", example[..^1], example + "}", example.Replace("\"", "'", StringComparison.Ordinal),
            new string('[', 10_000) + new string(']', 10_000),
            "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 501),
            "{\"summary\":\"\\ud800\"}", "{\"summary\":\"\u0000<script>alert(1)</script>\"}",
            "{\"category\":\"suspicious-shipment\",\"category\":\"other\"}",
        ];
        foreach (var text in fixedCases)
        {
            yield return Encoding.UTF8.GetBytes(text);
        }

        yield return [0xff, 0xfe, 0xfd];
        yield return [0xc3, 0x28];

        while (true)
        {
            switch (random.Next(4))
            {
                case 0: // random bytes
                    var bytes = new byte[random.Next(1, 2048)];
                    random.NextBytes(bytes);
                    yield return bytes;
                    break;
                case 1: // the example with a structural character broken
                    var chars = example.ToCharArray();
                    var structural = StructuralPositions(example);
                    var at = structural[random.Next(structural.Length)];
                    var replacement = (char)random.Next(32, 127);
                    if (replacement == chars[at]) replacement = '#';
                    chars[at] = replacement;
                    yield return Encoding.UTF8.GetBytes(new string(chars));
                    break;
                case 2: // the example with a required field removed, or any field given a value of a wrong type
                    var referral = TestReferrals.Example();
                    string[] required = ["category", "summary", "observedAt", "location", "indicators", "source", "reporter"];
                    JsonNode?[] wrongTypes = [null, 42, -1.5, true];
                    if (random.Next(2) == 0)
                    {
                        referral.Remove(required[random.Next(required.Length)]);
                    }
                    else
                    {
                        referral[referral.Select(p => p.Key).ElementAt(random.Next(referral.Count))] = wrongTypes[random.Next(wrongTypes.Length)]?.DeepClone();
                    }

                    yield return Encoding.UTF8.GetBytes(referral.ToJsonString());
                    break;
                default: // the example truncated anywhere
                    yield return Encoding.UTF8.GetBytes(example[..random.Next(0, example.Length - 1)]);
                    break;
            }
        }
    }

    /// <summary>Positions of JSON's own punctuation (outside string values) and of the quotes that open and close strings.</summary>
    private static int[] StructuralPositions(string json)
    {
        var positions = new List<int>();
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') { inString = false; positions.Add(i); }
            }
            else if (c == '"') { inString = true; positions.Add(i); }
            else if ("{}[]:,".Contains(c, StringComparison.Ordinal)) positions.Add(i);
        }

        return [.. positions];
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
}
