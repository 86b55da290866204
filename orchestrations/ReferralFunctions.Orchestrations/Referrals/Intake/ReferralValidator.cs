using System.Text.Json;
using System.Text.Unicode;
using Json.Pointer;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// Validates a referral body against the published contract plus the rules a schema cannot express, and reports
/// data-quality findings as warnings. Stateless and thread-safe: register as a singleton.
/// </summary>
/// <remarks>Messages name the field and the rule, never the value: referral content is confidential.</remarks>
public sealed class ReferralValidator(TimeProvider timeProvider)
{
    /// <summary>Deepest nesting of objects and arrays a body may have; the contract itself needs 5.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most properties one object may have; the largest object in the contract has 16.</summary>
    public const int MaxProperties = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    private readonly TimeProvider timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public ReferralValidationResult Validate(ReadOnlyMemory<byte> utf8Json)
    {
        // The reader checks UTF-8 only when a string is read, which would surface as an exception mid-validation.
        if (!Utf8.IsValid(utf8Json.Span))
        {
            return Malformed("is not valid UTF-8");
        }

        if (CheckShape(utf8Json.Span) is { } shapeProblem)
        {
            return Malformed(shapeProblem);
        }

        using (var document = JsonDocument.Parse(utf8Json, DocumentOptions))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Malformed("must be a JSON object");
            }

            var errors = new List<LocatedProblem>();
            var checks = new ReferralChecks(timeProvider.GetUtcNow());
            try
            {
                // Checked before the schema, and answered alone, so that the schema's work stays bounded by the contract's
                // sizes rather than the body's.
                CheckStructure(root, JsonPointer.Empty, FieldPath.Root, errors);
                if (errors.Count > 0)
                {
                    return new ReferralValidationResult { Kind = ValidationFailure.InvalidStructure, Errors = Ordered(errors, root) };
                }

                var matchesSchema = ReferralSchema.Instance.Evaluate(root, errors);
                CheckTextLengths(root, JsonPointer.Empty, FieldPath.Root, errors);
                if (!matchesSchema && errors.Count == 0)
                {
                    errors.Add(new LocatedProblem(JsonPointer.Empty, "does not match the referral contract"));
                }

                checks.Run(root);
            }
            catch (InvalidOperationException)
            {
                // Thrown when a string holds an escaped lone surrogate, which no text field can carry.
                return Malformed("contains a string that is not valid Unicode");
            }

            errors.AddRange(checks.Errors);

            ReferralSubmission? submission = null;
            var errorList = Ordered(errors, root);
            if (errorList.Length == 0)
            {
                try
                {
                    submission = ReferralJson.Deserialize(root);
                }
                catch (JsonException ex)
                {
                    // A value the contract allows but the model cannot hold, e.g. a weight beyond decimal range.
                    errorList = [new FieldProblem(ex.Path ?? FieldPath.Root, "is out of the range this service can hold")];
                }
            }

            var order = FieldPath.Order(root);
            return new ReferralValidationResult
            {
                Kind = errorList.Length == 0 ? ValidationFailure.None : ValidationFailure.InvalidStructure,
                Errors = errorList,
                Warnings = Ordered(checks.Warnings, root),
                Submission = errorList.Length == 0 ? submission : null,
                DerivedIndicators = [.. checks.Derived
                    .Distinct()
                    .OrderBy(d => d.Pointer, order)
                    .ThenBy(d => d.Code, StringComparer.Ordinal)
                    .Select(d => new DerivedIndicator(d.Code, FieldPath.Text(d.Pointer, root)))],
            };
        }
    }

    /// <summary>
    /// Reads the body token by token: null when it is well-formed JSON within <see cref="MaxDepth"/>, else what is wrong.
    /// Depth is checked here rather than left to the parser so the answer can say it was the depth.
    /// </summary>
    private static string? CheckShape(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                // CurrentDepth counts the containers around the token, so an opening token at depth d is level d + 1.
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                {
                    return $"nests objects and arrays deeper than {MaxDepth} levels (byte {reader.TokenStartIndex + 1})";
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            // The parser's own message quotes the offending text, so only the position is passed on.
            var where = ex.LineNumber is { } line
                ? $" (line {line + 1}, byte {ex.BytePositionInLine.GetValueOrDefault() + 1})"
                : string.Empty;
            return "is not well-formed JSON" + where;
        }
    }

    /// <summary>
    /// Repeated property names (which of two values counts differs from reader to reader), objects with more than
    /// <see cref="MaxProperties"/> properties and arrays longer than their <c>maxItems</c>.
    /// </summary>
    private static void CheckStructure(JsonElement element, JsonPointer path, string key, List<LocatedProblem> errors)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var count = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (++count > MaxProperties)
                {
                    errors.Add(new LocatedProblem(path, $"must have at most {MaxProperties} properties"));
                    return;
                }

                var propertyPath = path.Combine(property.Name);
                if (!seen.Add(property.Name))
                {
                    errors.Add(new LocatedProblem(propertyPath, "must not appear more than once"));
                }

                CheckStructure(property.Value, propertyPath, FieldPath.Property(key, property.Name), errors);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            if (ReferralSchema.Instance.MaxItems.TryGetValue(key, out var max) && element.GetArrayLength() > max)
            {
                errors.Add(new LocatedProblem(path, $"must have at most {max} items"));
                return;
            }

            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                CheckStructure(item, path.Combine(i++), key + "[]", errors);
            }
        }
    }

    /// <summary>Holds every string to its <c>maxLength</c> in Unicode code points (<paramref name="key"/> is the path with <c>[]</c> for indexes).</summary>
    private static void CheckTextLengths(JsonElement element, JsonPointer path, string key, List<LocatedProblem> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when ReferralSchema.Instance.MaxLengths.TryGetValue(key, out var max):
                var text = element.GetString()!;
                if (text.Length > max && text.EnumerateRunes().Count() > max)
                {
                    errors.Add(new LocatedProblem(path, ReferralSchema.MaxLengthMessage(max)));
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CheckTextLengths(property.Value, path.Combine(property.Name), FieldPath.Property(key, property.Name), errors);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckTextLengths(item, path.Combine(i++), key + "[]", errors);
                }

                break;
        }
    }

    private static FieldProblem[] Ordered(IEnumerable<LocatedProblem> problems, JsonElement root) =>
    [
        .. problems
            .Distinct()
            .OrderBy(p => p.Pointer, FieldPath.Order(root))
            .ThenBy(p => p.Message, StringComparer.Ordinal)
            .Select(p => new FieldProblem(FieldPath.Text(p.Pointer, root), p.Message)),
    ];

    private static ReferralValidationResult Malformed(string message) => new()
    {
        Kind = ValidationFailure.MalformedJson,
        Errors = [new FieldProblem(FieldPath.Root, message)],
    };
}
