using System.Text.Json;
using System.Text.Unicode;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// Validates a referral body against the published contract plus the rules a schema cannot express, and reports
/// data-quality findings as warnings. Stateless and thread-safe: register as a singleton.
/// </summary>
/// <remarks>Messages name the field and the rule, never the value: referral content is confidential.</remarks>
public sealed class ReferralValidator(TimeProvider timeProvider)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    private readonly TimeProvider timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public ReferralValidationResult Validate(ReadOnlyMemory<byte> utf8Json)
    {
        // The reader checks UTF-8 only when a string is read, which would surface as an exception mid-validation.
        if (!Utf8.IsValid(utf8Json.Span))
        {
            return Malformed("is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The parser's own message quotes the offending text, so only the position is passed on.
            var where = ex.LineNumber is { } line
                ? $" (line {line + 1}, byte {ex.BytePositionInLine.GetValueOrDefault() + 1})"
                : string.Empty;
            return Malformed("is not well-formed JSON" + where);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Malformed("must be a JSON object");
            }

            var errors = new List<FieldProblem>();
            var checks = new ReferralChecks(timeProvider.GetUtcNow());
            try
            {
                ReferralSchema.Instance.Evaluate(root, errors);
                checks.Run(root);
            }
            catch (InvalidOperationException)
            {
                // Thrown when a string holds an escaped lone surrogate, which no text field can carry.
                return Malformed("contains a string that is not valid Unicode");
            }

            errors.AddRange(checks.Errors);

            ReferralSubmission? submission = null;
            if (errors.Count == 0)
            {
                try
                {
                    submission = ReferralJson.Deserialize(root);
                }
                catch (JsonException ex)
                {
                    // A value the contract allows but the model cannot hold, e.g. a weight beyond decimal range.
                    errors.Add(new FieldProblem(ex.Path ?? JsonPathText.Root, "is out of the range this service can hold"));
                }
            }

            var errorList = Ordered(errors);
            return new ReferralValidationResult
            {
                Kind = errorList.Length == 0 ? ValidationFailure.None : ValidationFailure.InvalidStructure,
                Errors = errorList,
                Warnings = Ordered(checks.Warnings),
                Submission = errorList.Length == 0 ? submission : null,
                DerivedIndicators = [.. checks.Derived
                    .Distinct()
                    .OrderBy(d => d.Path, JsonPathComparer.Instance)
                    .ThenBy(d => d.Code, StringComparer.Ordinal)],
            };
        }
    }

    private static FieldProblem[] Ordered(IEnumerable<FieldProblem> problems) =>
    [
        .. problems
            .Distinct()
            .OrderBy(p => p.Path, JsonPathComparer.Instance)
            .ThenBy(p => p.Message, StringComparer.Ordinal),
    ];

    private static ReferralValidationResult Malformed(string message) => new()
    {
        Kind = ValidationFailure.MalformedJson,
        Errors = [new FieldProblem(JsonPathText.Root, message)],
    };
}
