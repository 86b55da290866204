using Microsoft.AspNetCore.Http;
using ReferralFunctions.Carriers;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Http;

namespace ReferralFunctions.Referrals.Status;

/// <summary>
/// The carrier endpoints' common first step: a signed request from the carrier that submitted the referral. Any other
/// carrier, and any reference that does not exist, get the same 404. Ownership compares carrier look-up values, the only
/// form in which storage holds who referred, in constant time.
/// </summary>
public sealed class CarrierReferralAccess(CarrierRequestAuthenticator authenticator, ReferralRepository referrals)
{
    public async Task<(ReferralRecord? Referral, CarrierAuthentication? Carrier, IResult? Problem)> FindOwnedAsync(
        HttpRequest request, string reference, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = await authenticator.AuthenticateAsync(request, body, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            return (null, null, auth.ToProblem(request.HttpContext));
        }

        var referral = ReferenceNumber.IsWellFormed(reference) ? await referrals.FindAsync(reference, cancellationToken).ConfigureAwait(false) : null;
        return referral is null || !CarrierLookup.Same(referral.CarrierLookup, auth.Lookup)
            ? (null, auth, Problems.NotFound(request.HttpContext))
            : (referral, auth, null);
    }

    /// <summary>
    /// A carrier's read of its referral (no body): <paramref name="read"/> with the referral and the caller when the signed
    /// caller submitted it, else the refusal.
    /// </summary>
    public async Task<IResult> ReadOwnedAsync(
        HttpRequest request, string reference, Func<ReferralRecord, CarrierAuthentication, Task<IResult>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var (referral, carrier, problem) = await FindOwnedAsync(request, reference, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        return referral is null ? problem! : await read(referral, carrier!).ConfigureAwait(false);
    }
}
