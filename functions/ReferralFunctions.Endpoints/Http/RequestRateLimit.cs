using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using ReferralFunctions.Configuration;

namespace ReferralFunctions.Http;

/// <summary>A token bucket per key (carrier, client address, staff user): <see cref="Burst"/> requests at once, refilled at <see cref="PermitsPerMinute"/>. Per host instance.</summary>
public sealed class RequestRateLimit
{
    public int PermitsPerMinute { get; set; }

    public int Burst { get; set; }

    public IEnumerable<string> Problems(string section) =>
        OptionRules.Between(section + ":PermitsPerMinute", PermitsPerMinute, 1, int.MaxValue)
            .Concat(OptionRules.Between(section + ":Burst", Burst, 1, int.MaxValue));

    /// <summary>One bucket per key; nothing is queued, a refusal carries its Retry-After.</summary>
    public PartitionedRateLimiter<string> CreateLimiter() => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, PermitsPerMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>How long a refused caller waits: the limiter's own figure, at least a second.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
    }

    /// <summary>
    /// The partition key for a client address: IPv4 as is, IPv6 by its /64 prefix (one subscriber's whole allocation),
    /// so rotating through one's own addresses does not buy more allowance.
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>429 <c>rate-limited</c> with Retry-After in whole seconds.</summary>
    public static IResult Refusal(HttpContext context, TimeSpan retryAfter, string detail) => Http.Problems.Create(
        context, StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests.", detail,
        headers: new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture) });
}
