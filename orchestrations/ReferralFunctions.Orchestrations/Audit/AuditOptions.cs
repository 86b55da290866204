using ReferralFunctions.Configuration;

namespace ReferralFunctions.Audit;

/// <summary>The audit chain's key and its anchors (section "Audit").</summary>
public sealed class AuditOptions : IValidatedOptions
{
    public const string SectionName = "Audit";

    /// <summary>
    /// HMAC key that seals each audit entry. Locally a development value; in Azure the app setting is a Key Vault reference
    /// to the secret <c>audit-chain-key</c>. Whoever holds it can rewrite the chain undetected except by the anchors.
    /// </summary>
    public string ChainKey { get; set; } = DevelopmentChainKey;

    /// <summary>The chain key of local runs: anyone who knows it can reseal a rewritten local chain.</summary>
    public const string DevelopmentChainKey = "local-development-audit-chain-key-not-for-production";

    /// <summary>The least length of a chain key: an HMAC key a guess cannot reach.</summary>
    public const int MinimumChainKeyLength = 32;

    /// <summary>
    /// The blob container the chain's head is anchored in (append blobs, one a day). In Azure it has a time-based
    /// immutability policy with protected append writes. The table prefix of <c>ReferralStorage</c> goes in front.
    /// </summary>
    public string AnchorContainer { get; set; } = "audit-anchors";

    /// <summary>How often the local host anchors the head; the Functions app's timer runs every 30 minutes. At most an hour.</summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(30);

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(ChainKey) || ChainKey.Length < MinimumChainKeyLength)
        {
            yield return $"{SectionName}:ChainKey must be at least {MinimumChainKeyLength} characters.";
        }

        // Container names: 3-63 lowercase letters, digits and single hyphens; the table prefix may add up to 30.
        if (AnchorContainer is null || AnchorContainer.Length is < 3 or > 32
            || !AnchorContainer.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            || AnchorContainer.StartsWith('-') || AnchorContainer.EndsWith('-') || AnchorContainer.Contains("--", StringComparison.Ordinal))
        {
            yield return $"{SectionName}:AnchorContainer must be 3 to 32 lowercase letters, digits and single hyphens, not starting or ending with one.";
        }

        foreach (var problem in OptionRules.Positive($"{SectionName}:AnchorInterval", AnchorInterval, TimeSpan.FromHours(1)))
        {
            yield return problem;
        }
    }
}
