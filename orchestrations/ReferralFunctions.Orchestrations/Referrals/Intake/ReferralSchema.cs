using System.Globalization;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// The published referral contract (embedded docs/contract/referral.schema.json), parsed once, and the translation of
/// its evaluation results into one plain message per field.
/// </summary>
internal sealed class ReferralSchema
{
    private const string ResourceName = "ReferralFunctions.referral.schema.json";

    private static readonly Lazy<ReferralSchema> Shared = new(Load);

    // Messages for the schema's patterns, so a client reads the rule rather than a regular expression.
    private static readonly Dictionary<string, string> PatternMessages = new(StringComparer.Ordinal)
    {
        ["^[A-Z]{3}[UJZ][0-9]{7}$"] = "must be an ISO 6346 container number: 3-letter owner code, category U, J or Z, 7 digits",
        ["^[0-9]{7}$"] = "must be an IMO number: 7 digits",
        ["^[A-Z]{2}[A-Z2-9]{3}$"] = "must be a UN/LOCODE: 2-letter country code and 3 capital letters or digits 2-9",
        ["^[A-Z]{2}$"] = "must be an ISO 3166 alpha-2 country code: 2 capital letters",
        ["^[0-9]{4}([0-9]{2}){0,3}$"] = "must be an HS code: 4, 6, 8 or 10 digits",
        ["^[A-Z][A-Z0-9_]{1,63}$"] = "must be an indicator code: a capital letter then 1 to 63 capital letters, digits or underscores",
        ["^[a-f0-9]{64}$"] = "must be a SHA-256 hash: 64 lowercase hexadecimal digits",
    };

    private static readonly EvaluationOptions FlagOptions = new()
    {
        OutputFormat = OutputFormat.Flag,
        RequireFormatValidation = true,
        FormatRegistry = ContractFormats.Registry,
    };

    private static readonly EvaluationOptions ListOptions = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
        FormatRegistry = ContractFormats.Registry,
    };

    private static readonly JsonPointer AdditionalProperties = JsonPointer.Create("additionalProperties");

    private ReferralSchema(JsonSchema schema, JsonDocument document)
    {
        Schema = schema;
        Document = document;
        var maxLengths = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxItems = new Dictionary<string, int>(StringComparer.Ordinal);
        CollectLimits(document.RootElement, document.RootElement, FieldPath.Root, maxLengths, maxItems);
        MaxLengths = maxLengths;
        MaxItems = maxItems;
    }

    public static ReferralSchema Instance => Shared.Value;

    public JsonSchema Schema { get; }

    /// <summary>The schema as JSON, for reading keyword values (limits, enums) and the published examples.</summary>
    public JsonDocument Document { get; }

    /// <summary>
    /// Every <c>maxLength</c> in the contract by the path it applies to, array items written <c>[]</c>
    /// (e.g. <c>$.parties[].name</c>). The schema evaluator counts grapheme clusters, so one letter carrying
    /// thousands of combining marks passes it; the validator counts code points against these.
    /// </summary>
    public IReadOnlyDictionary<string, int> MaxLengths { get; }

    /// <summary>Every <c>maxItems</c> in the contract by path, as <see cref="MaxLengths"/>.</summary>
    public IReadOnlyDictionary<string, int> MaxItems { get; }

    public static string MaxLengthMessage(int max) => $"must be at most {max.ToString(CultureInfo.InvariantCulture)} characters";

    public static string DateTimeMessage => "must be an RFC 3339 date-time, e.g. 2026-01-31T13:45:00Z";

    /// <summary>
    /// Evaluates <paramref name="instance"/> and adds one problem per broken rule to <paramref name="errors"/>, except
    /// maxLength, which the validator checks itself. False when the instance breaks any rule.
    /// </summary>
    public bool Evaluate(JsonElement instance, ICollection<LocatedProblem> errors)
    {
        // The flag format is cheapest; the detailed list is only worth building for an invalid body.
        if (Schema.Evaluate(instance, FlagOptions).IsValid)
        {
            return true;
        }

        Translate(Schema.Evaluate(instance, ListOptions), instance, errors);
        return false;
    }

    private void Translate(EvaluationResults node, JsonElement root, ICollection<LocatedProblem> errors)
    {
        if (node.Errors is { Count: > 0 } nodeErrors)
        {
            var subschema = ResolveSchema(node.SchemaLocation);
            foreach (var keyword in nodeErrors.Keys)
            {
                AddProblems(keyword, node.InstanceLocation, node.EvaluationPath, subschema, root, errors);
            }
        }

        if (node.Details is { } details)
        {
            foreach (var child in details)
            {
                Translate(child, root, errors);
            }
        }
    }

    private static void AddProblems(
        string keyword, JsonPointer path, JsonPointer evaluationPath, JsonElement? subschema, JsonElement root, ICollection<LocatedProblem> errors)
    {
        if (evaluationPath.SegmentCount > 0 && evaluationPath.GetLocal(1) == AdditionalProperties)
        {
            errors.Add(new LocatedProblem(path, "unknown property"));
            return;
        }

        var value = subschema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var v) ? v : (JsonElement?)null;
        switch (keyword)
        {
            case "required":
                AddMissing(value, root, path, errors);
                break;
            case "additionalProperties":
                AddUnknown(subschema, root, path, errors);
                break;
            case "type":
                errors.Add(new LocatedProblem(path, "must be " + TypeName(value)));
                break;
            case "enum":
                errors.Add(new LocatedProblem(path, "must be one of: " + Join(value)));
                break;
            case "const":
                errors.Add(new LocatedProblem(path, "must be " + value?.GetRawText()));
                break;
            case "pattern":
                var pattern = value?.GetString() ?? string.Empty;
                errors.Add(new LocatedProblem(path, PatternMessages.TryGetValue(pattern, out var message) ? message : "must match the pattern " + pattern));
                break;
            case "minLength":
                errors.Add(new LocatedProblem(path, Number(value) == "1" ? "must not be empty" : $"must be at least {Number(value)} characters"));
                break;
            case "maxLength":
                // Reported by the validator's code-point count instead, which is stricter than the evaluator's grapheme
                // count and always knows the limit (an inline items schema does not resolve here).
                break;
            case "minItems":
                errors.Add(new LocatedProblem(path, $"must have at least {Number(value)} item{(Number(value) == "1" ? string.Empty : "s")}"));
                break;
            case "maxItems":
                errors.Add(new LocatedProblem(path, $"must have at most {Number(value)} items"));
                break;
            case "uniqueItems":
                errors.Add(new LocatedProblem(path, "must not contain duplicate items"));
                break;
            case "minimum":
                errors.Add(new LocatedProblem(path, $"must be at least {Number(value)}"));
                break;
            case "maximum":
                errors.Add(new LocatedProblem(path, $"must be at most {Number(value)}"));
                break;
            case "format":
                errors.Add(new LocatedProblem(path, value?.GetString() switch
                {
                    "date-time" => DateTimeMessage,
                    "email" => "must be an email address",
                    var format => "must be in the format " + format,
                }));
                break;
            default:
                // Applicators ($ref, properties, items, anyOf, ...) only report that something beneath them failed;
                // the failing keyword itself is reported at its own node.
                break;
        }
    }

    private static void AddMissing(JsonElement? required, JsonElement root, JsonPointer path, ICollection<LocatedProblem> errors)
    {
        if (required is not { ValueKind: JsonValueKind.Array } names || path.Evaluate(root) is not { ValueKind: JsonValueKind.Object } instance)
        {
            return;
        }

        foreach (var name in names.EnumerateArray())
        {
            var text = name.GetString();
            if (text is not null && !instance.TryGetProperty(text, out _))
            {
                errors.Add(new LocatedProblem(path.Combine(text), "is required"));
            }
        }
    }

    private static void AddUnknown(JsonElement? subschema, JsonElement root, JsonPointer path, ICollection<LocatedProblem> errors)
    {
        if (path.Evaluate(root) is not { ValueKind: JsonValueKind.Object } instance)
        {
            return;
        }

        var known = subschema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("properties", out var p) ? p : (JsonElement?)null;
        foreach (var property in instance.EnumerateObject())
        {
            if (known is not { } props || !props.TryGetProperty(property.Name, out _))
            {
                errors.Add(new LocatedProblem(path.Combine(property.Name), "unknown property"));
            }
        }
    }

    private JsonElement? ResolveSchema(Uri? schemaLocation) => Locate(Document.RootElement, schemaLocation?.Fragment ?? string.Empty);

    /// <summary>Follows a URI fragment holding a JSON Pointer (<c>#/$defs/party</c>) through <paramref name="element"/>; null when it leads nowhere.</summary>
    private static JsonElement? Locate(JsonElement element, string fragment) =>
        JsonPointer.TryParse(Uri.UnescapeDataString(fragment.TrimStart('#')), out var pointer) ? pointer.Evaluate(element) : null;

    private static string TypeName(JsonElement? type) => type?.ValueKind == JsonValueKind.String
        ? type.Value.GetString() switch
        {
            "object" => "an object",
            "array" => "an array",
            "integer" => "an integer",
            var other => "a " + other,
        }
        : "of type " + Join(type);

    private static string Join(JsonElement? values) => values is { ValueKind: JsonValueKind.Array } array
        ? string.Join(", ", array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()))
        : string.Empty;

    private static string Number(JsonElement? value) => value?.GetRawText() ?? "?";

    private static void CollectLimits(JsonElement root, JsonElement schema, string path, Dictionary<string, int> maxLengths, Dictionary<string, int> maxItems)
    {
        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target
            && Locate(root, target) is { ValueKind: JsonValueKind.Object } resolved)
        {
            schema = resolved;
        }

        if (schema.TryGetProperty("maxLength", out var maxLength) && maxLength.TryGetInt32(out var max))
        {
            maxLengths[path] = max;
        }

        if (schema.TryGetProperty("maxItems", out var items) && items.TryGetInt32(out var maxCount))
        {
            maxItems[path] = maxCount;
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                CollectLimits(root, property.Value, FieldPath.Property(path, property.Name), maxLengths, maxItems);
            }
        }

        if (schema.TryGetProperty("items", out var itemSchema))
        {
            CollectLimits(root, itemSchema, path + "[]", maxLengths, maxItems);
        }
    }

    private static ReferralSchema Load()
    {
        using var stream = typeof(ReferralSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var document = JsonDocument.Parse(stream);
        var schema = JsonSchema.Build(document.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return new ReferralSchema(schema, document);
    }
}
