namespace ReferralFunctions.Http;

/// <summary>
/// The referral's entity tag as clients see it. Table Storage's ETag is weak (<c>W/"datetime'…'"</c>), but it changes
/// on every write of the row, which is what a strong tag promises; and <c>If-Match</c> compares strongly (RFC 9110
/// 13.1.1), so a weak tag there could never match. Clients get the strong form (the same opaque tag without <c>W/</c>);
/// during the transition an <c>If-Match</c> with the old weak form is accepted as well.
/// </summary>
public static class EntityTags
{
    private const string WeakPrefix = "W/";

    /// <summary>The strong entity tag to hand out for a storage ETag.</summary>
    public static string ToStrong(string storageETag)
    {
        ArgumentNullException.ThrowIfNull(storageETag);
        return storageETag.StartsWith(WeakPrefix, StringComparison.Ordinal) ? storageETag[WeakPrefix.Length..] : storageETag;
    }

    /// <summary>
    /// Whether <paramref name="ifMatch"/> (one entity tag, strong or the old weak form) names the row as stored with
    /// <paramref name="storageETag"/>.
    /// </summary>
    public static bool Matches(string? ifMatch, string storageETag)
    {
        ArgumentNullException.ThrowIfNull(storageETag);
        return ifMatch is not null && storageETag.Length > 0
            && string.Equals(ToStrong(ifMatch.Trim()), ToStrong(storageETag), StringComparison.Ordinal);
    }
}
