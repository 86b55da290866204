namespace ReferralFunctions.LocalHost;

/// <summary>The request limits Kestrel enforces before any handler runs; larger gets 414 (request line) or 431 (headers).</summary>
public static class LocalHostLimits
{
    public const int MaxRequestLineBytes = 8 * 1024;

    public const int MaxRequestHeadersTotalBytes = 16 * 1024;

    public const int MaxRequestHeaderCount = 50;

    /// <summary>How long a client may take to send its headers: a slow sender cannot hold a connection open for long.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(15);
}
