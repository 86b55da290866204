using Microsoft.AspNetCore.Http;
using ReferralFunctions.Http;

namespace ReferralFunctions.Staff;

/// <summary>The outcome of checking a staff member's bearer token for a role.</summary>
public sealed record StaffAuthentication(StaffUser? User, StaffAuthFailure Failure, string? RequiredRole = null)
{
    public bool Succeeded => Failure == StaffAuthFailure.None;

    /// <summary>401 for a missing or invalid token, 403 for a valid one without the role.</summary>
    public IResult ToProblem(HttpContext context) => Failure == StaffAuthFailure.MissingRole
        ? Problems.Forbidden(context, RequiredRole ?? "")
        : Problems.StaffUnauthorized(context);
}

/// <summary>Why a staff request was refused.</summary>
public enum StaffAuthFailure
{
    None,
    MissingToken,
    InvalidToken,
    MissingRole,
}
