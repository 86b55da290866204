using System.Text.RegularExpressions;
using ReferralFunctions.Configuration;

namespace ReferralFunctions.Storage;

/// <summary>Where referral data lives (section "ReferralStorage").</summary>
public sealed partial class ReferralStorageOptions : IValidatedOptions
{
    public const string SectionName = "ReferralStorage";

    /// <summary>Prefix for every table name, so tests and side-by-side environments get their own tables.</summary>
    public string TablePrefix { get; set; } = "";

    public IEnumerable<string> Problems()
    {
        if (!TablePrefixPattern().IsMatch(TablePrefix))
        {
            yield return "ReferralStorage:TablePrefix must be empty or a letter followed by at most 29 letters or digits (it starts table names).";
        }
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,29})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePrefixPattern();
}
