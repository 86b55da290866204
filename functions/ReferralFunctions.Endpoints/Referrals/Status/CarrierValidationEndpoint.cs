using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    private static readonly BodySchema Schema = BodySchema.Named("carrier-validation.schema.json");

    public async Task<IResult> HandleAsync(HttpRequest request, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var body = await RequestBody.ReadAsync(request, JsonRequest.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return JsonRequest.TooLarge(context);
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

        if (!JsonRequest.IsJson(request.ContentType))
        {
            return JsonRequest.NotJson(context);
        }

        var parsed = JsonRequest.Parse<ValidationAnswer>(context, body.Value, Schema);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        if (!parsed.IsValid)
        {
            return parsed.Invalid(ProblemTypes.InvalidValidationAnswer, "The answer has invalid fields.");
        }

        var answer = parsed.Value!;
        // The same answer retried (same key) is the same decision; derived from the look-up value, so it never holds the carrier id.
        var decisionId = "carrier-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(carrier!.Lookup + "\n" + key)))[..32];
        var decision = new StaffDecision(decisionId, DecisionKinds.Validation, carrier.Actor!, answer.Confirm == true ? DecisionChoices.Confirmed : DecisionChoices.NotConfirmed);
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
}

/// <summary>A corrected field: its JSON path in the referral and the value the carrier now gives.</summary>
public sealed record FieldCorrection(string Path, JsonElement? Value);
