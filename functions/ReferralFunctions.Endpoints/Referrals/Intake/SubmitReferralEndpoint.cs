using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ReferralFunctions.Audit;
using ReferralFunctions.Carriers;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// <c>POST /api/v1/referrals</c>: the single point of entry. Checks size, signature, idempotency key, content type and
/// data; stores the referral; starts its orchestration; answers 202 with a reference and a receipt.
/// Anything refused changes nothing.
/// </summary>
public sealed partial class SubmitReferralEndpoint(
    CarrierRequestAuthenticator authenticator,
    ReferralValidator validator,
    IdempotencyStore idempotency,
    ReferralRepository referrals,
    AuditTrail audit,
    TimeProvider time,
    IOptions<IntakeOptions> options,
    ILogger<SubmitReferralEndpoint> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Most field errors one answer lists: a body of thousands of unknown properties must not get an answer larger than itself.</summary>
    public const int MaxListedErrors = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durable);
        var context = request.HttpContext;

        var body = await RequestBody.ReadAsync(request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return JsonRequest.TooLarge(context, $"A referral body may be at most {options.Value.MaxBodyBytes} bytes.");
        }

        var auth = await authenticator.AuthenticateAsync(request, body.Value, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            return auth.ToProblem(context);
        }

        var carrierId = auth.CarrierId!;
        var carrierLookup = auth.Lookup!;
        var key = request.Headers[IdempotencyKeyHeader];
        if (key.Count != 1 || !IdempotencyKeyPattern().IsMatch(key[0]!))
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.IdempotencyKeyRequired, "An Idempotency-Key header is required.",
                "Send one Idempotency-Key header of 1 to 255 visible ASCII characters, the same on every retry of this submission.",
                [new FieldError(IdempotencyKeyHeader, "is required: 1 to 255 visible ASCII characters")]);
        }

        var idempotencyKey = key[0]!;
        if (!JsonRequest.IsJson(request.ContentType))
        {
            return JsonRequest.NotJson(context, "Send the referral as application/json (UTF-8).");
        }

        var validation = validator.Validate(body.Value);
        if (!validation.IsValid)
        {
            var errors = validation.Errors.Take(MaxListedErrors).Select(e => new FieldError(e.Path, e.Message)).ToArray();
            var listed = validation.Errors.Count > MaxListedErrors ? $" The first {MaxListedErrors} are listed." : string.Empty;
            return validation.Kind == ValidationFailure.MalformedJson
                ? Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The body is not well-formed JSON.", null, errors)
                : Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidReferral, "The referral has invalid fields.",
                    $"{validation.Errors.Count} field(s) are invalid; nothing was stored.{listed}", errors);
        }

        var contentSha256 = Convert.ToHexStringLower(SHA256.HashData(body.Value.Span));
        var receivedAt = time.GetUtcNow();
        var claim = await idempotency.ClaimAsync(carrierLookup, idempotencyKey, contentSha256, ReferenceNumber.Create(receivedAt), cancellationToken).ConfigureAwait(false);
        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Replay:
                Log.Replayed(logger, claim.ReferralId);
                return new StoredResult(claim.Response!);
            case IdempotencyOutcome.KeyReusedWithDifferentBody:
                return Problems.Create(context, StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused, "This Idempotency-Key was used with a different body.",
                    "Use a new Idempotency-Key for a new referral; reuse a key only to retry the same body.",
                    [new FieldError(IdempotencyKeyHeader, "was already used with a different body")]);
            case IdempotencyOutcome.InProgress:
                return Problems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.IdempotencyKeyInUse, "A request with this Idempotency-Key is being processed.",
                    "Retry after a moment to receive its answer.", headers: new Dictionary<string, string> { [HeaderNames.RetryAfter] = "1" });
        }

        var submission = validation.Submission!;
        var warnings = validation.Warnings.Select(w => new FieldError(w.Path, w.Message)).ToArray();
        var derived = validation.DerivedIndicators;
        var record = new ReferralRecord(
            claim.ReferralId,
            carrierId,
            ReferralStatus.Received,
            receivedAt,
            receivedAt,
            submission.Category,
            contentSha256,
            body.Value.Length,
            submission.IndicatorCatalogueVersion ?? IndicatorCatalogue.CurrentVersion,
            submission.Indicators.Select(i => i.Code).ToArray(),
            derived.Select(d => new IntakeFinding(d.Path, d.Code, validation.Warnings.FirstOrDefault(w => w.Path == d.Path)?.Message ?? d.Code)).ToArray(),
            warnings.Select(w => new IntakeFinding(w.Path, derived.FirstOrDefault(d => d.Path == w.Path)?.Code ?? "DATA_QUALITY", w.Message)).ToArray());

        // A retry after a crash finds the referral already stored (same id) and carries on from there.
        ReferralRecord stored;
        try
        {
            stored = await referrals.CreateAsync(record, body.Value, cancellationToken).ConfigureAwait(false);
            await audit.AppendAsync(
                new AuditEvent(auth.Actor!, ActorRoles.Carrier, AuditActions.ReferralReceived, stored.Id, "referral submitted", "category=" + stored.Category, "received|" + stored.Id),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex))
        {
            // Nothing is started yet, so nothing needs the key's guard: give it up, and the carrier's retry (same key)
            // takes over at once and completes this referral. Once the workflow start has been asked for, the key stays
            // held for its (short) lease instead: a start the engine is still carrying out must settle before a retry
            // looks for it. The release spends what is left of the request's deadline, never more: the carrier's
            // answer stays in time, and a key not released simply waits out its lease.
            using var release = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            release.CancelAfter(TimeSpan.FromSeconds(1));
            await idempotency.TryReleaseAsync(claim, release.Token).ConfigureAwait(false);
            throw;
        }

        await StartWorkflowAsync(durable, stored.Id, claim.TakenOver, cancellationToken).ConfigureAwait(false);

        var location = ApiRoutes.ReferralLocation(stored.Id);
        var accepted = new ReferralAccepted(
            stored.Id,
            CarrierStage.Received,
            location,
            new ReferralReceipt(
                stored.Id,
                carrierId,
                stored.ReceivedAt,
                idempotencyKey,
                contentSha256,
                body.Value.Length,
                submission.Category,
                stored.IndicatorCatalogueVersion,
                stored.DeclaredIndicators,
                submission.Shipment?.ContainerNumbers ?? [],
                submission.Parties?.Count ?? 0,
                submission.Attachments?.Count ?? 0),
            warnings);
        var response = new StoredResponse(StatusCodes.Status202Accepted, location, JsonSerializer.Serialize(accepted, Json));
        await idempotency.CompleteAsync(claim, response, cancellationToken).ConfigureAwait(false);
        Log.Accepted(logger, stored.Id, warnings.Length);
        return new StoredResult(response);
    }

    /// <summary>
    /// Starts the referral's orchestration. Only a request that took over a key from one that died can find it started
    /// already; a first claim cannot, so it skips that look-up.
    /// </summary>
    private static async Task StartWorkflowAsync(DurableTaskClient durable, string referralId, bool mayExist, CancellationToken cancellationToken)
    {
        if (!mayExist || await durable.GetInstanceAsync(referralId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                nameof(ReferralOrchestrator),
                new ReferralWorkflowInput(referralId),
                new StartOrchestrationOptions(referralId),
                cancellationToken).ConfigureAwait(false);
        }
    }

    [GeneratedRegex("^[\\x21-\\x7E]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdempotencyKeyPattern();

    private static partial class Log
    {
        // The referring carrier is not logged: who referred is confidential.
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Referral {ReferralId} accepted with {WarningCount} warning(s)")]
        public static partial void Accepted(ILogger logger, string referralId, int warningCount);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Referral {ReferralId}: idempotent retry answered with the first response")]
        public static partial void Replayed(ILogger logger, string referralId);
    }
}
