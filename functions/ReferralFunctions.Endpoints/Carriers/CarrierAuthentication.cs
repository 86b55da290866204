using Microsoft.AspNetCore.Http;
using ReferralFunctions.Http;

namespace ReferralFunctions.Carriers;

/// <summary>The outcome of checking a carrier's signed request.</summary>
public sealed record CarrierAuthentication(string? CarrierId, CarrierAuthFailure Failure, string? MissingOrMalformed = null)
{
    public bool Succeeded => Failure == CarrierAuthFailure.None;

    /// <summary>
    /// When succeeded: the carrier's keyed look-up value (<see cref="Confidentiality.CarrierLookup"/>), what storage keys
    /// its idempotency keys and nonces on and what ownership checks compare: never the carrier id.
    /// </summary>
    public string? Lookup { get; init; }

    /// <summary>When succeeded: how the audit trail and timelines name the carrier (<c>carrier:</c> and its pseudonym).</summary>
    public string? Actor { get; init; }

    /// <summary>When <see cref="CarrierAuthFailure.RateLimited"/>: how long to wait.</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>429 with Retry-After when rate limited; otherwise 401 saying what to fix (never whether the carrier exists).</summary>
    public IResult ToProblem(HttpContext context) => Failure switch
    {
        CarrierAuthFailure.RateLimited => RequestRateLimit.Refusal(context, RetryAfter, "Too many requests from this carrier. Slow down and retry after the time in Retry-After."),
        CarrierAuthFailure.AddressRateLimited => RequestRateLimit.Refusal(context, RetryAfter, "Too many requests from this address. Slow down and retry after the time in Retry-After."),
        _ => Problems.Unauthorized(context, Failure switch
        {
            CarrierAuthFailure.MissingOrMalformedHeaders => $"Missing or malformed signature headers: {MissingOrMalformed}.",
            CarrierAuthFailure.TimestampOutsideWindow => "X-Timestamp is too far from the current time.",
            CarrierAuthFailure.ReplayedNonce => "X-Nonce was already used; sign every request with a fresh nonce.",
            _ => "The carrier is unknown or the signature does not verify.",
        }),
    };

    public static CarrierAuthentication Success(string carrierId, string lookup, string actor) =>
        new(carrierId, CarrierAuthFailure.None) { Lookup = lookup, Actor = actor };

    public static CarrierAuthentication Fail(CarrierAuthFailure failure, string? headers = null) => new(null, failure, headers);
}

/// <summary>Why a carrier request was refused. Unknown carrier and bad signature are reported to the caller alike.</summary>
public enum CarrierAuthFailure
{
    None,
    MissingOrMalformedHeaders,
    TimestampOutsideWindow,
    UnknownCarrierOrBadSignature,
    ReplayedNonce,
    RateLimited,

    /// <summary>Too many requests from the client's address, refused before any signature or secret work.</summary>
    AddressRateLimited,
}
