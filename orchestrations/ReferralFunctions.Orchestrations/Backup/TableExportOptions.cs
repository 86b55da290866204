using System.Text.RegularExpressions;
using ReferralFunctions.Configuration;

namespace ReferralFunctions.Backup;

/// <summary>The daily export of the data tables (section "TableExport").</summary>
public sealed partial class TableExportOptions : IValidatedOptions
{
    public const string SectionName = "TableExport";

    /// <summary>
    /// The blob container in the data storage account that receives the exports. In Azure it has a time-based
    /// immutability policy and a lifecycle rule (infra/): the app never deletes an export.
    /// </summary>
    public string Container { get; set; } = "table-exports";

    /// <summary>How often the local host exports (the Functions app exports daily on its timer schedule).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<string> Problems()
    {
        if (!ContainerPattern().IsMatch(Container ?? ""))
        {
            yield return $"{SectionName}:Container must be a blob container name (3-63 lowercase letters, digits and single hyphens).";
        }

        foreach (var problem in OptionRules.Positive($"{SectionName}:Interval", Interval, TimeSpan.FromDays(1)))
        {
            yield return problem;
        }
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();
}
