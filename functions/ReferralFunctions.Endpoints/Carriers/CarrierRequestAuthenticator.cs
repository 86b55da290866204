using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Http;

namespace ReferralFunctions.Carriers;

/// <summary>Verifies a carrier's signed request: identity, timestamp window, signature (current or previous secret), nonce.</summary>
public sealed partial class CarrierRequestAuthenticator(
    ICarrierSecretStore secrets,
    CarrierNonceStore nonces,
    TimeProvider time,
    IOptions<CarrierAuthOptions> options,
    ReferrerPseudonyms pseudonyms,
    CarrierLookup lookups,
    ILogger<CarrierRequestAuthenticator> logger)
{
    // Verifying an unknown carrier against this key keeps its timing like that of a known one.
    private static readonly byte[] DecoyKey = RandomNumberGenerator.GetBytes(32);

    // Counted after the signature verifies, so nobody can spend another carrier's allowance.
    private readonly PartitionedRateLimiter<string> limiter = options.Value.RateLimit.CreateLimiter();

    // Counted first, before any signature or secret work: a flood from one address costs no HMAC and no vault read.
    private readonly PartitionedRateLimiter<string> addressLimiter = options.Value.AddressRateLimit.CreateLimiter();

    public async Task<CarrierAuthentication> AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using (var addressLease = addressLimiter.AttemptAcquire(RequestRateLimit.AddressKey(request.HttpContext.Connection.RemoteIpAddress)))
        {
            if (!addressLease.IsAcquired)
            {
                Log.Refused(logger, CarrierAuthFailure.AddressRateLimited);
                return CarrierAuthentication.Fail(CarrierAuthFailure.AddressRateLimited) with { RetryAfter = RequestRateLimit.RetryAfter(addressLease) };
            }
        }

        var headers = request.Headers;
        var bad = new List<string>(4);
        var carrierId = Single(headers[CarrierHeaders.CarrierId]);
        if (carrierId is null || !CarrierIdPattern().IsMatch(carrierId)) bad.Add(CarrierHeaders.CarrierId);
        var timestampText = Single(headers[CarrierHeaders.Timestamp]);
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) bad.Add(CarrierHeaders.Timestamp);
        var nonce = Single(headers[CarrierHeaders.Nonce]);
        if (nonce is null || !NoncePattern().IsMatch(nonce)) bad.Add(CarrierHeaders.Nonce);
        var signatureText = Single(headers[CarrierHeaders.Signature]);
        byte[]? signature = null;
        if (signatureText is null || !signatureText.StartsWith(CarrierSignature.Scheme, StringComparison.Ordinal)
            || !TryHex(signatureText.AsSpan(CarrierSignature.Scheme.Length), out signature))
        {
            bad.Add(CarrierHeaders.Signature);
        }

        if (bad.Count > 0)
        {
            Log.Refused(logger, CarrierAuthFailure.MissingOrMalformedHeaders);
            return CarrierAuthentication.Fail(CarrierAuthFailure.MissingOrMalformedHeaders, string.Join(", ", bad));
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > settings.ClockSkew.TotalSeconds)
        {
            Log.Refused(logger, CarrierAuthFailure.TimestampOutsideWindow);
            return CarrierAuthentication.Fail(CarrierAuthFailure.TimestampOutsideWindow);
        }

        carrierId = carrierId!.ToUpperInvariant();
        var canonical = CarrierSignature.CanonicalString(timestamp, nonce!, request.Method, PathAndQueryAsSent(request), body.Span);
        var known = await secrets.GetAsync(carrierId, refresh: false, cancellationToken).ConfigureAwait(false);
        var verified = Verifies(known, canonical, signature!);
        if (!verified && known is not null)
        {
            // The secret may have been rotated since it was cached.
            known = await secrets.GetAsync(carrierId, refresh: true, cancellationToken).ConfigureAwait(false);
            verified = Verifies(known, canonical, signature!);
        }

        if (!verified)
        {
            Log.Refused(logger, CarrierAuthFailure.UnknownCarrierOrBadSignature);
            return CarrierAuthentication.Fail(CarrierAuthFailure.UnknownCarrierOrBadSignature);
        }

        // The signature holds: security events name this carrier from here on, by its pseudonym (who referred is confidential).
        var actor = pseudonyms.ActorFor(carrierId);
        SecurityEvents.SetActor(request.HttpContext, actor);
        using var lease = limiter.AttemptAcquire(carrierId);
        if (!lease.IsAcquired)
        {
            Log.Refused(logger, CarrierAuthFailure.RateLimited);
            return CarrierAuthentication.Fail(CarrierAuthFailure.RateLimited) with { RetryAfter = RequestRateLimit.RetryAfter(lease) };
        }

        var lookup = lookups.For(carrierId);
        if (!await nonces.TryUseAsync(lookup, nonce!, now, settings.ClockSkew, cancellationToken).ConfigureAwait(false))
        {
            Log.Refused(logger, CarrierAuthFailure.ReplayedNonce);
            return CarrierAuthentication.Fail(CarrierAuthFailure.ReplayedNonce);
        }

        SecurityEvents.RecordAuthenticated(request.HttpContext, "carrier signature");
        return CarrierAuthentication.Success(carrierId, lookup, actor);
    }

    /// <summary>The request target exactly as the client sent it (path and query), which is what the carrier signed.</summary>
    public static string PathAndQueryAsSent(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return string.IsNullOrEmpty(raw) || !raw.StartsWith('/')
            ? request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent()
            : raw;
    }

    private static bool Verifies(CarrierSecrets? known, string canonical, byte[] signature)
    {
        if (known is null)
        {
            CryptographicOperations.FixedTimeEquals(CarrierSignature.Compute(DecoyKey, canonical), signature);
            return false;
        }

        var match = false;
        foreach (var secret in known.Verifying)
        {
            match |= CryptographicOperations.FixedTimeEquals(CarrierSignature.Compute(secret, canonical), signature);
        }

        return match;
    }

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;

    private static bool TryHex(ReadOnlySpan<char> hex, out byte[]? bytes)
    {
        bytes = null;
        if (hex.Length != 64) return false;
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CarrierIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NoncePattern();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Carrier request refused: {Failure}")]
        public static partial void Refused(ILogger logger, CarrierAuthFailure failure);
    }
}
