using System.Text.RegularExpressions;
using ReferralFunctions.Configuration;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>
/// The app settings the code reads (<see cref="AppSettingNames.All"/>) must be exactly the ones infra/ sets on the
/// Function App: a setting the Bicep forgets fails at run time in Azure, one the code never reads is dead weight.
/// </summary>
public sealed partial class AppSettingsMatchBicepTests
{
    private const string FunctionAppModule = "infra/modules/functionApp.bicep";

    [Fact]
    public void Bicep_sets_exactly_the_app_settings_the_code_reads()
    {
        var bicep = RepositoryFiles.ReadAllText(FunctionAppModule);

        var problems = Compare(AppSettingNames.All, ExtractAppSettingNames(bicep));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_setting_missing_from_the_Bicep_is_reported()
    {
        var bicep = RepositoryFiles.ReadAllText(FunctionAppModule);
        var withoutAudience = bicep.Replace("name: 'StaffAuth__Audience'", "name: 'Somethingelse'", StringComparison.Ordinal);

        var problems = Compare(AppSettingNames.All, ExtractAppSettingNames(withoutAudience));

        Assert.Contains(problems, p => p.Contains("StaffAuth__Audience", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Somethingelse", StringComparison.Ordinal));
    }

    [Fact]
    public void The_app_settings_block_is_found_with_nested_brackets_and_quoted_brackets()
    {
        const string bicep = """
            resource site 'Microsoft.Web/sites@2025-03-01' = {
              properties: {
                siteConfig: {
                  appSettings: [
                    {
                      name: 'A__b'
                      value: string(['x]', 'y'])
                    }
                    {
                      name: 'C'
                      value: 'it\'s ] fine'
                    }
                  ]
                }
              }
              other: [ { name: 'NotASetting' } ]
            }
            """;

        Assert.Equal(["A__b", "C"], ExtractAppSettingNames(bicep));
    }

    /// <summary>Lists every difference between the two sets, in words a reader can act on.</summary>
    private static List<string> Compare(IReadOnlyCollection<string> readByCode, IReadOnlyList<string> setByBicep)
    {
        var problems = new List<string>();
        problems.AddRange(setByBicep.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{FunctionAppModule} sets '{g.Key}' {g.Count()} times."));
        problems.AddRange(readByCode.Except(setByBicep, StringComparer.Ordinal)
            .Select(n => $"The code reads '{n}' (AppSettingNames.All) but {FunctionAppModule} does not set it."));
        problems.AddRange(setByBicep.Except(readByCode, StringComparer.Ordinal)
            .Select(n => $"{FunctionAppModule} sets '{n}' but AppSettingNames.All does not list it."));
        return problems;
    }

    /// <summary>
    /// The names of the one <c>appSettings: [ ... ]</c> array in the module, each written <c>name: '&lt;literal&gt;'</c>
    /// (the convention the module's comment states).
    /// </summary>
    private static List<string> ExtractAppSettingNames(string bicep)
    {
        var starts = AppSettingsStart().Matches(bicep);
        Assert.True(starts.Count == 1, $"Expected exactly one 'appSettings: [' block in {FunctionAppModule}, found {starts.Count}.");
        Assert.DoesNotContain("Microsoft.Web/sites/config", bicep, StringComparison.OrdinalIgnoreCase);

        var open = starts[0].Index + starts[0].Length - 1;
        var block = bicep[open..(FindClosingBracket(bicep, open) + 1)];

        // Only names at the first level of the array's objects: one `name:` per entry.
        var names = SettingName().Matches(block).Select(m => m.Groups["name"].Value).ToList();
        Assert.True(names.Count > 0, $"No `name: '...'` entries in the appSettings block of {FunctionAppModule}.");
        return names;
    }

    /// <summary>Index of the ']' closing the '[' at <paramref name="open"/>, skipping quoted strings and comments.</summary>
    private static int FindClosingBracket(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'':
                    // Bicep strings escape with a backslash.
                    for (i++; i < text.Length && text[i] != '\''; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    i = text.IndexOf('\n', i) is var end and >= 0 ? end : text.Length;
                    break;
                case '[' or '{' or '(':
                    depth++;
                    break;
                case ']' or '}' or ')':
                    depth--;
                    if (depth == 0)
                    {
                        return text[i] == ']' ? i : throw new FormatException($"Unbalanced brackets in {FunctionAppModule}.");
                    }

                    break;
                default:
                    break;
            }
        }

        throw new FormatException($"The appSettings array in {FunctionAppModule} is not closed.");
    }

    [GeneratedRegex(@"\bappSettings\s*:\s*\[")]
    private static partial Regex AppSettingsStart();

    [GeneratedRegex(@"^\s*name\s*:\s*'(?<name>[^']+)'\s*$", RegexOptions.Multiline)]
    private static partial Regex SettingName();
}
