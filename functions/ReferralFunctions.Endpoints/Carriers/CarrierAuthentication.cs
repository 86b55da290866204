namespace ReferralFunctions.Carriers;

/// <summary>The outcome of checking a carrier's signed request.</summary>
public sealed record CarrierAuthentication(string? CarrierId, CarrierAuthFailure Failure, string? MissingOrMalformed = null)
{
    public bool Succeeded => Failure == CarrierAuthFailure.None;

    public static CarrierAuthentication Success(string carrierId) => new(carrierId, CarrierAuthFailure.None);

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
}
