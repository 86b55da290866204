using Microsoft.AspNetCore.Http;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Audit;

/// <summary>The audit trail for supervisors: who did what to a referral, and whether the chain is intact.</summary>
public sealed class AuditEndpoints(StaffAuthenticator staff, AuditTrail audit, AuditVerifier verifier)
{
    /// <summary><c>GET /api/v1/supervisor/audit?reference=&amp;max=</c>: entries, oldest first (reading them is audited too).</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Supervisor, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);

        var errors = new List<FieldError>();
        var reference = request.Query["reference"].ToString() is { Length: > 0 } r ? r : null;
        if (reference is not null && !ReferenceNumber.IsWellFormed(reference)) errors.Add(new FieldError("reference", "must be a referral reference, e.g. RF-2026-ABCD-EFGH"));
        var max = 500;
        if (request.Query["max"].ToString() is { Length: > 0 } m && (!int.TryParse(m, out max) || max is < 1 or > 5000)) errors.Add(new FieldError("max", "must be 1 to 5000"));
        var (purpose, invalid) = AccessPurpose.Read(request, "audit review");
        if (invalid is not null) return invalid;
        if (errors.Count > 0) return Problems.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemTypes.InvalidQuery, "The query has invalid parameters.", null, errors);

        await audit.AppendAsync(new AuditEvent(Actor.Staff(auth.User!.UserId), StaffRoles.Supervisor, AuditActions.AuditRead, reference ?? "", purpose!), cancellationToken).ConfigureAwait(false);
        return Results.Ok(await audit.ReadAsync(reference, max, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>GET /api/v1/supervisor/audit/verification</c>: whether the chain and its anchored heads agree, and if not where
    /// and how it breaks; an intact head is anchored again.
    /// </summary>
    public async Task<IResult> VerifyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await staff.AuthenticateAsync(request, StaffRoles.Supervisor, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded) return auth.ToProblem(request.HttpContext);

        var result = await verifier.VerifyAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(result);
    }
}
