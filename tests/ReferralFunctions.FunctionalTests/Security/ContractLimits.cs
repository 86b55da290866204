using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>One limit of the contract: a string's maxLength or an array's maxItems, at the first place it occurs.</summary>
/// <param name="Segments">Property names and array indexes leading to the value, for editing a referral.</param>
public sealed record ContractLimit(string Path, IReadOnlyList<object> Segments, string Keyword, int Max, JsonElement ItemSchema);

/// <summary>
/// Reads the limits out of the published contract and builds a valid referral with every string at its maxLength and
/// every array at its maxItems, so each limit can be tested at its edge from the contract itself, not a copy of it.
/// </summary>
public static class ContractLimits
{
    private static readonly string[] IndicatorCodes =
    [
        "UNCOLLECTED_CONTAINER", "DEMURRAGE_ACCRUING", "PARTY_UNCONTACTABLE", "SEAL_DISCREPANCY", "CCTV_OBSERVATION",
        "DOCUMENT_DISCREPANCY", "UNUSUAL_ROUTING", "NEW_OR_UNKNOWN_PARTY",
    ];

    private static JsonElement Root => ReferralSchema.Instance.Document.RootElement;

    /// <summary>The referral at every limit, and every limit with where it applies.</summary>
    public static (JsonObject Referral, IReadOnlyList<ContractLimit> Limits) AtEveryLimit()
    {
        var limits = new Dictionary<string, ContractLimit>(StringComparer.Ordinal);
        var referral = Fill(Root, "$", "$", [], null, 0, limits)!.AsObject();
        return (referral, [.. limits.Values]);
    }

    /// <summary>A valid new array item for <paramref name="limit"/> (one past the last), to go one over maxItems.</summary>
    public static JsonNode ItemBeyond(ContractLimit limit) =>
        Fill(limit.ItemSchema, limit.Path + "[+]", limit.Path + "[+]", [], null, limit.Max, new Dictionary<string, ContractLimit>())!;

    public static JsonNode Get(JsonNode root, IReadOnlyList<object> segments)
    {
        var node = root;
        foreach (var segment in segments)
        {
            node = segment is int i ? node[i]! : node[(string)segment]!;
        }

        return node;
    }

    public static void Set(JsonNode root, IReadOnlyList<object> segments, JsonNode value)
    {
        var parent = Get(root, segments.Take(segments.Count - 1).ToArray());
        if (segments[^1] is int i) parent[i] = value;
        else parent[(string)segments[^1]] = value;
    }

    private static JsonNode? Fill(JsonElement schema, string key, string path, List<object> segments, string? name, int index, Dictionary<string, ContractLimit> limits)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = Root.GetProperty("$defs").GetProperty(reference.GetString()!["#/$defs/".Length..]);
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return JsonNode.Parse(values[0].GetRawText());
        }

        switch (schema.GetProperty("type").GetString())
        {
            case "object":
                var obj = new JsonObject();
                foreach (var property in schema.GetProperty("properties").EnumerateObject())
                {
                    obj[property.Name] = Fill(property.Value, key + "." + property.Name, path + "." + property.Name, [.. segments, property.Name], property.Name, index, limits);
                }

                return obj;
            case "array":
                var maxItems = schema.GetProperty("maxItems").GetInt32();
                limits.TryAdd(key, new ContractLimit(path, segments, "maxItems", maxItems, schema.GetProperty("items")));
                var array = new JsonArray();
                for (var i = 0; i < maxItems; i++)
                {
                    array.Add(Fill(schema.GetProperty("items"), key + "[]", $"{path}[{i}]", [.. segments, i], name, i, limits));
                }

                return array;
            case "string":
                var maxLength = schema.GetProperty("maxLength").GetInt32();
                limits.TryAdd(key, new ContractLimit(path, segments, "maxLength", maxLength, default));
                var text = Text(schema, name, maxLength, index);
                return text;
            case "integer":
                return schema.TryGetProperty("minimum", out var minimum) ? minimum.GetInt32() : 0;
            default:
                return 1000;
        }
    }

    /// <summary>A valid value of exactly <paramref name="length"/> characters, or the only valid value where the set is closed.</summary>
    private static string Text(JsonElement schema, string? name, int length, int index)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var pattern = schema.TryGetProperty("pattern", out var p) ? p.GetString() : null;
        var text = (format, pattern, name) switch
        {
            ("date-time", _, _) => "2022-12-05T03:00:00.1234567+00:00",
            ("email", _, _) => new string('l', 64) + "@" + new string('d', 63) + "." + new string('d', 63) + "." + new string('d', 56) + ".test",
            (_, "^[A-Z]{3}[UJZ][0-9]{7}$", _) => "MSKU" + index.ToString("D7", CultureInfo.InvariantCulture),
            (_, "^[A-Z]{2}[A-Z2-9]{3}$", _) => "AUMEL",
            (_, "^[A-Z]{2}$", _) => "AU",
            (_, "^[0-9]{7}$", _) => "9074729",
            (_, "^[0-9]{4}([0-9]{2}){0,3}$", _) => "2202100000",
            (_, "^[a-f0-9]{64}$", _) => new string('a', 64),
            (_, "^[A-Z][A-Z0-9_]{1,63}$", _) => IndicatorCodes[index % IndicatorCodes.Length], // a catalogue code, not the longest form
            (_, _, "indicatorCatalogueVersion") => IndicatorCatalogue.CurrentVersion, // closed set: a known version
            (_, _, "phone") => "+" + new string('1', length - 1), // accepted with a warning
            (null, null, _) => new string((char)('a' + (index % 26)), length),
            _ => throw new InvalidOperationException($"No value for the pattern {pattern} or format {format}: add one."),
        };
        return text;
    }
}
