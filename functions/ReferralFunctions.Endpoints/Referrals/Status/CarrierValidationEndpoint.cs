using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Audit;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.Status;

/// <summary>
/// <c>POST /api/v1/referrals/{reference}/validation</c> (signed): the carrier answers Customs' validation questions —
/// confirms, corrects fields, adds information. Idempotent by <c>Idempotency-Key</c>.
/// </summary>
public sealed class CarrierValidationEndpoint(CarrierReferralAccess access, DecisionEndpoint decisions)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var body = await RequestBody.ReadAsync(request, 64 * 1024, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.Create(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.BodyTooLarge, "The body is too large.");
        }

        var (referral, carrier, problem) = await access.FindOwnedAsync(request, reference, body.Value, cancellationToken).ConfigureAwait(false);
        if (referral is null)
        {
            return problem!;
        }

        var key = request.Headers[SubmitReferralEndpoint.IdempotencyKeyHeader].ToString();
        if (key.Length is 0 or > 255)
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.IdempotencyKeyRequired, "An Idempotency-Key header is required.",
                null, [new FieldError(SubmitReferralEndpoint.IdempotencyKeyHeader, "is required")]);
        }

        ValidationAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize<ValidationAnswer>(body.Value.Span, DecisionEndpoint.Json);
        }
        catch (JsonException ex)
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The body is not well-formed JSON or has a field of the wrong type.", null, [new FieldError(ex.Path ?? "$", "is not valid here")]);
        }

        var errors = new List<FieldError>();
        if (answer is null) errors.Add(new FieldError("$", "must be a JSON object"));
        else
        {
            if (answer.Confirm is null) errors.Add(new FieldError("$.confirm", "is required: true to confirm the referral as sent (with any corrections)"));
            foreach (var (c, i) in (answer.Corrections ?? []).Select((c, i) => (c, i)))
            {
                if (string.IsNullOrWhiteSpace(c.Path) || !c.Path.StartsWith('$')) errors.Add(new FieldError($"$.corrections[{i}].path", "must be the JSON path of the corrected field"));
                if (c.Value is null) errors.Add(new FieldError($"$.corrections[{i}].value", "is required"));
            }

            if (answer.AdditionalInformation is { Length: > 10_000 }) errors.Add(new FieldError("$.additionalInformation", "must be at most 10000 characters"));
            foreach (var name in answer.Unknown?.Keys ?? Enumerable.Empty<string>()) errors.Add(new FieldError("$." + name, "unknown property"));
        }

        if (errors.Count > 0)
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidValidationAnswer, "The answer has invalid fields.", null, errors);
        }

        // The same answer retried (same key) is the same decision; derived from the look-up value, so it never holds the carrier id.
        var decisionId = "carrier-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(carrier!.Lookup + "\n" + key)))[..32];
        var decision = new StaffDecision(decisionId, DecisionKinds.Validation, carrier.Actor!, answer!.Confirm == true ? DecisionChoices.Confirmed : DecisionChoices.NotConfirmed);
        var details = new Dictionary<string, object?>
        {
            ["confirm"] = answer.Confirm,
            ["corrections"] = answer.Corrections,
            ["additionalInformation"] = answer.AdditionalInformation,
        };
        return await decisions.DecideAsync(context, reference, decision, details, referral.ETag, ActorRoles.Carrier, durable, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The carrier's answer to Customs' validation questions.</summary>
public sealed record ValidationAnswer
{
    public bool? Confirm { get; init; }

    public IReadOnlyList<FieldCorrection>? Corrections { get; init; }

    public string? AdditionalInformation { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>A corrected field: its JSON path in the referral and the value the carrier now gives.</summary>
public sealed record FieldCorrection(string Path, JsonElement? Value);
