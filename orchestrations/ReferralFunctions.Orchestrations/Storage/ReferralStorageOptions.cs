namespace ReferralFunctions.Storage;

/// <summary>Where referral data lives (section "ReferralStorage").</summary>
public sealed class ReferralStorageOptions
{
    public const string SectionName = "ReferralStorage";

    /// <summary>Prefix for every table name, so tests and side-by-side environments get their own tables.</summary>
    public string TablePrefix { get; set; } = "";
}
