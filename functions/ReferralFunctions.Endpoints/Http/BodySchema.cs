using System.Text.Json;
using Json.Pointer;
using Json.Schema;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.Http;

/// <summary>
/// The JSON Schema of a request body (embedded from docs/contract/answers), and the translation of its evaluation into
/// one <see cref="FieldError"/> per broken rule. A subschema's <c>x-message</c> is what a client reads when a value
/// breaks it (or is missing where required); <c>maxLength</c> and <c>maxItems</c> always name their limit instead.
/// </summary>
public sealed class BodySchema
{
    private const string ResourcePrefix = "ReferralFunctions.answers.";
    private const string Common = "common.schema.json";

    private static readonly Lazy<IReadOnlyDictionary<string, BodySchema>> Loaded = new(Load);

    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private static readonly EvaluationOptions List = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonSchema schema;
    private readonly IReadOnlyDictionary<Uri, JsonElement> documents;
    private readonly string[] properties;

    private BodySchema(string name, JsonSchema schema, JsonElement document, IReadOnlyDictionary<Uri, JsonElement> documents)
    {
        Name = name;
        this.schema = schema;
        this.documents = documents;
        Document = document;
        properties = document.TryGetProperty("properties", out var declared) ? [.. declared.EnumerateObject().Select(p => p.Name)] : [];
    }

    /// <summary>Every body schema by file name (e.g. <c>decision-triage.schema.json</c>).</summary>
    public static IReadOnlyDictionary<string, BodySchema> All => Loaded.Value;

    public string Name { get; }

    /// <summary>The schema as JSON.</summary>
    public JsonElement Document { get; }

    /// <summary>The body's properties in the order the schema lists them: the order its errors are listed in.</summary>
    public IReadOnlyList<string> Properties => properties;

    public static BodySchema Named(string name) =>
        All.TryGetValue(name, out var found) ? found : throw new ArgumentOutOfRangeException(nameof(name), name, "No such embedded body schema.");

    /// <summary>One error per broken rule, none for a valid body.</summary>
    public List<FieldError> Evaluate(JsonElement instance)
    {
        var errors = new List<FieldError>();
        if (!schema.Evaluate(instance, Flag).IsValid)
        {
            Translate(schema.Evaluate(instance, List), instance, errors);
        }

        return errors;
    }

    /// <summary>Errors without repeats, in the order of the properties they name (unknown properties last).</summary>
    public IReadOnlyList<FieldError> Order(IEnumerable<FieldError> errors) =>
        [.. errors.Distinct().OrderBy(e => Array.IndexOf(properties, FieldPath.TopProperty(e.Path)) is var i and >= 0 ? i : properties.Length)];

    private void Translate(EvaluationResults node, JsonElement root, List<FieldError> errors)
    {
        var segments = node.EvaluationPath.ToString().Split('/');
        if (node.Errors is { Count: > 0 } failed && !Conditional(segments))
        {
            var path = FieldPath.Text(node.InstanceLocation, root);
            if (segments[^1] == "additionalProperties")
            {
                errors.Add(new FieldError(path, "unknown property"));
            }
            else
            {
                var subschema = Locate(node.SchemaLocation);
                foreach (var keyword in failed.Keys)
                {
                    Add(keyword, path, subschema, node.InstanceLocation.Evaluate(root), node.SchemaLocation, errors);
                }
            }
        }

        foreach (var child in node.Details ?? [])
        {
            Translate(child, root, errors);
        }
    }

    // An "if" only chooses a branch, and a failed anyOf is told by its first alternative.
    private static bool Conditional(string[] segments) =>
        segments.Contains("if") || segments.Zip(segments.Skip(1)).Any(p => p.First is "anyOf" or "oneOf" && p.Second != "0");

    private void Add(string keyword, string path, JsonElement? subschema, JsonElement? instance, Uri? location, List<FieldError> errors)
    {
        var value = subschema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var v) ? v : (JsonElement?)null;
        var custom = Message(subschema);
        switch (keyword)
        {
            case "required" when value is { ValueKind: JsonValueKind.Array } names && instance is { ValueKind: JsonValueKind.Object } found:
                foreach (var name in names.EnumerateArray().Select(n => n.GetString()!).Where(n => !found.TryGetProperty(n, out _)))
                {
                    errors.Add(new FieldError(FieldPath.Property(path, name), Message(Property(subschema, name, location)) ?? Message(Property(Root(location), name, location)) ?? "is required"));
                }

                break;
            case "additionalProperties" when instance is { ValueKind: JsonValueKind.Object } found:
                foreach (var property in found.EnumerateObject().Where(p => Property(subschema, p.Name, location) is null))
                {
                    errors.Add(new FieldError(FieldPath.Property(path, property.Name), "unknown property"));
                }

                break;
            case "maxLength":
                errors.Add(new FieldError(path, $"must be at most {value?.GetRawText()} characters"));
                break;
            case "maxItems":
                errors.Add(new FieldError(path, $"must have at most {value?.GetRawText()} items"));
                break;
            default:
                if ((custom ?? Default(keyword, value)) is { } message)
                {
                    errors.Add(new FieldError(path, message));
                }

                break;
        }
    }

    private static string? Default(string keyword, JsonElement? value) => keyword switch
    {
        "type" => "must be " + (value?.ValueKind == JsonValueKind.Array ? string.Join(" or ", value.Value.EnumerateArray().Select(t => TypeName(t.GetString()))) : TypeName(value?.GetString())),
        "enum" => "must be one of: " + string.Join(", ", value?.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()) ?? []),
        "const" => "must be " + value?.GetRawText(),
        "pattern" => "must match the pattern " + value?.GetString(),
        "minLength" => "must not be empty",
        "minItems" => $"must have at least {value?.GetRawText()} item(s)",
        "format" => value?.GetString() == "date-time" ? "must be an RFC 3339 date-time, e.g. 2026-01-31T13:45:00Z" : "must be in the format " + value?.GetString(),

        // Applicators ($ref, properties, items, anyOf, ...) only report that something beneath them failed.
        _ => null,
    };

    private static string TypeName(string? type) => type switch
    {
        "object" or "array" or "integer" => "an " + type,
        "null" => "null",
        _ => "a " + type,
    };

    private static string? Message(JsonElement? subschema) =>
        subschema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("x-message", out var m) ? m.GetString() : null;

    /// <summary>A property's subschema under <paramref name="subschema"/>, following a <c>$ref</c>; null when it has none of that name.</summary>
    private JsonElement? Property(JsonElement? subschema, string name, Uri? location)
    {
        if (subschema is not { ValueKind: JsonValueKind.Object } s || !s.TryGetProperty("properties", out var properties) || !properties.TryGetProperty(name, out var property))
        {
            return null;
        }

        return property.TryGetProperty("$ref", out var reference) && location is not null
            ? Locate(new Uri(location, reference.GetString()))
            : property;
    }

    private JsonElement? Root(Uri? location) => location is null ? null : Locate(new Uri(location.GetLeftPart(UriPartial.Query)));

    private JsonElement? Locate(Uri? location)
    {
        if (location is null || !documents.TryGetValue(new Uri(location.GetLeftPart(UriPartial.Query)), out var document))
        {
            return null;
        }

        // JsonSchema.Net 8 puts the array's name after "items" in an item's schema location (".../items/corrections/..."):
        // a segment after "items" that the items schema does not have is skipped.
        JsonElement? current = document;
        var previous = "";
        foreach (var segment in Uri.UnescapeDataString(location.Fragment.TrimStart('#')).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current is { } node && JsonPointer.Parse("/" + segment).Evaluate(node) is { } child)
            {
                current = child;
            }
            else if (previous != "items")
            {
                return null;
            }

            previous = name;
        }

        return current;
    }

    private static Dictionary<string, BodySchema> Load()
    {
        var assembly = typeof(BodySchema).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).ToArray();
        var parsed = names.ToDictionary(n => n[ResourcePrefix.Length..], n =>
        {
            using var stream = assembly.GetManifestResourceStream(n)!;
            return JsonDocument.Parse(stream).RootElement.Clone();
        });
        var documents = parsed.Values.ToDictionary(d => new Uri(d.GetProperty("$id").GetString()!), d => d);
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };

        // The shared definitions first: the others refer to them.
        JsonSchema.Build(parsed[Common], options);
        return parsed.Where(p => p.Key != Common).ToDictionary(
            p => p.Key,
            p => new BodySchema(p.Key, JsonSchema.Build(p.Value, options), p.Value, documents),
            StringComparer.Ordinal);
    }
}
