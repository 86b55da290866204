using Microsoft.AspNetCore.Http;
using ReferralFunctions.Http;

namespace ReferralFunctions.Staff;

/// <summary>The outcome of checking a staff member's bearer token for a role.</summary>
public sealed record StaffAuthentication(StaffUser? User, StaffAuthFailure Failure, string? RequiredRole = null)
{
    public bool Succeeded => Failure == StaffAuthFailure.None;

    /// <summary>How long a client waits before retrying while the signing keys cannot be fetched.</summary>
    public static readonly TimeSpan KeysRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>When <see cref="StaffAuthFailure.RateLimited"/>: how long to wait.</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>When <see cref="StaffAuthFailure.StepUpRequired"/>: the authentication context to ask for, if one is configured.</summary>
    public string? AuthenticationContext { get; init; }

    /// <summary>429 when the user is over their rate limit, 401 for a missing or invalid token, 403 for a valid one without the role, 503 without signing keys.</summary>
    public IResult ToProblem(HttpContext context) => Failure switch
    {
        StaffAuthFailure.RateLimited => RequestRateLimit.Refusal(context, RetryAfter, "Too many requests from this staff user. Slow down and retry after the time in Retry-After."),
        StaffAuthFailure.MissingRole => Problems.Forbidden(context, RequiredRole ?? ""),
        StaffAuthFailure.StepUpRequired => Problems.StaffStepUpRequired(context, AuthenticationContext),
        StaffAuthFailure.KeysUnavailable => Problems.Unavailable(context, KeysRetryAfter, "Staff sign-in keys could not be fetched from the identity provider. Retry after the time given in Retry-After."),
        _ => Problems.StaffUnauthorized(context),
    };
}

/// <summary>Why a staff request was refused.</summary>
public enum StaffAuthFailure
{
    None,
    MissingToken,
    InvalidToken,
    MissingRole,

    /// <summary>The identity provider's metadata (issuers, signing keys) could not be read: nothing can be checked.</summary>
    KeysUnavailable,

    /// <summary>A person's valid token whose sign-in does not meet the configured authentication context or MFA.</summary>
    StepUpRequired,

    /// <summary>A valid token, but its user is over <see cref="StaffAuthOptions.RateLimit"/>.</summary>
    RateLimited,
}
