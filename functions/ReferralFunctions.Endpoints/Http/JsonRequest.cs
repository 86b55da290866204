using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.Http;

/// <summary>
/// Reading a JSON request body, the same for every endpoint: a size limit (413), a JSON content type (415), well-formed
/// JSON (400 malformed-json), then the body's <see cref="BodySchema"/>, which refuses unknown properties and names every
/// bad field. Intake checks its referral with its own validator, but its size and content type here too.
/// </summary>
public static class JsonRequest
{
    /// <summary>The largest body a staff decision, disclosure, question or carrier answer may have.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>How every answer body is read and every decision stored.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary><c>application/json</c>, in UTF-8 (the default; no other charset).</summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    public static IResult TooLarge(HttpContext context, string? detail = null) =>
        Problems.Create(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.BodyTooLarge, "The body is too large.", detail);

    public static IResult NotJson(HttpContext context, string? detail = null) =>
        Problems.Create(context, StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "The body must be JSON.", detail);

    /// <summary>Reads the body (at most <see cref="MaxBodyBytes"/>, JSON) and checks it against <paramref name="schema"/>.</summary>
    public static async Task<JsonBody<T>> ReadAsync<T>(HttpRequest request, BodySchema schema, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return JsonBody<T>.Refused(TooLarge(request.HttpContext));
        }

        return IsJson(request.ContentType) ? Parse<T>(request.HttpContext, bytes.Value, schema) : JsonBody<T>.Refused(NotJson(request.HttpContext));
    }

    /// <summary>Checks a body already read (a signed request's, whose bytes the signature covers) against <paramref name="schema"/>.</summary>
    public static JsonBody<T> Parse<T>(HttpContext context, ReadOnlyMemory<byte> bytes, BodySchema schema)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(schema);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return JsonBody<T>.Refused(Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The body is not well-formed JSON.",
                null, [new FieldError(ex.Path ?? FieldPath.Root, "is not valid here")]));
        }

        var errors = schema.Evaluate(root);
        T? value = null;
        try
        {
            value = root.ValueKind == JsonValueKind.Object ? root.Deserialize<T>(Options) : null;
        }
        catch (JsonException ex)
        {
            // Mostly a value of the wrong type, which the schema has named already; the endpoint's own checks need a body.
            if (errors.Count == 0)
            {
                errors.Add(new FieldError(ex.Path ?? FieldPath.Root, "is not valid here"));
            }
        }

        return new JsonBody<T>(context, schema, value, errors);
    }
}

/// <summary>
/// A JSON body as read: refused outright (<see cref="Problem"/>), or its value with the fields found wrong so far, to
/// which the endpoint adds what only it can check (an agency in the directory) before answering with them all.
/// </summary>
public sealed class JsonBody<T>
    where T : class
{
    private readonly HttpContext? context;
    private readonly BodySchema? schema;
    private readonly List<FieldError> errors;

    internal JsonBody(HttpContext? context, BodySchema? schema, T? value, List<FieldError> errors, IResult? problem = null)
    {
        this.context = context;
        this.schema = schema;
        this.errors = errors;
        Value = value;
        Problem = problem;
    }

    /// <summary>The body; null when refused, or when a value of the wrong type kept it from being read.</summary>
    public T? Value { get; }

    /// <summary>The answer for a body refused before its fields were looked at (too large, not JSON, malformed).</summary>
    public IResult? Problem { get; }

    public IReadOnlyList<FieldError> Errors => errors;

    /// <summary>True when the body was read and no field is wrong: <see cref="Value"/> is then set.</summary>
    public bool IsValid => Problem is null && errors.Count == 0 && Value is not null;

    /// <summary>Adds an error for a field the schema did not already find wrong.</summary>
    public void Add(string path, string message)
    {
        if (!errors.Exists(e => e.Path == path))
        {
            errors.Add(new FieldError(path, message));
        }
    }

    /// <summary>400 naming every bad field, in the order the schema lists them.</summary>
    public IResult Invalid(string type, string title) =>
        Problems.Create(context!, StatusCodes.Status400BadRequest, type, title, null, schema!.Order(errors));

    internal static JsonBody<T> Refused(IResult problem) => new(null, null, null, [], problem);
}
