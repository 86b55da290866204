using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using ReferralFunctions.Agencies;
using ReferralFunctions.Referrals.Decisions;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>
/// The example agencies in infra/dev.bicepparam reach the app as <c>Referrals__Agencies = string(agencies)</c>; they must
/// parse the way the app reads them, with priorities and categories the system actually produces.
/// </summary>
public sealed partial class ExampleAgenciesTests
{
    private const string ExampleParameters = "infra/dev.bicepparam";
    private const string AzdParameters = "infra/main.parameters.json";

    [Fact]
    public void The_example_agencies_parse_with_known_priorities_and_categories()
    {
        var agencies = Read(ToJson(AgenciesBlock(RepositoryFiles.ReadAllText(ExampleParameters))));

        using var schema = JsonDocument.Parse(RepositoryFiles.ReadAllText("docs/contract/referral.schema.json"));
        var categories = schema.RootElement.GetProperty("properties").GetProperty("category").GetProperty("enum")
            .EnumerateArray().Select(c => c.GetString()).Append("*").ToList();

        Assert.NotEmpty(agencies);
        Assert.All(agencies, a =>
        {
            Assert.All(a.Priorities, p => Assert.True(p == "*" || DecisionSteps.Priorities.Contains(p),
                $"{ExampleParameters}: agency {a.Code} has priority '{p}'; use lowercase {string.Join(", ", DecisionSteps.Priorities)} or *."));
            Assert.All(a.Categories, c => Assert.True(categories.Contains(c),
                $"{ExampleParameters}: agency {a.Code} has category '{c}', which no referral carries."));
            Assert.NotEmpty(a.Ports);
        });
    }

    [Fact]
    public void Azd_parameters_carry_the_same_example_agencies()
    {
        using var azd = JsonDocument.Parse(RepositoryFiles.ReadAllText(AzdParameters));
        var fromAzd = azd.RootElement.GetProperty("parameters").GetProperty("agencies").GetProperty("value").GetRawText();

        var expected = Read(ToJson(AgenciesBlock(RepositoryFiles.ReadAllText(ExampleParameters))));
        var actual = Read(fromAzd);

        Assert.Equal(Describe(expected), Describe(actual));
    }

    private static List<string> Describe(List<Agency> agencies) =>
        [.. agencies.Select(a => JsonSerializer.Serialize(a))];

    private static List<Agency> Read(string json)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Referrals:Agencies"] = json }).Build();
        return [.. new AgencyDirectory(configuration).All];
    }

    /// <summary>The <c>param agencies = [ ... ]</c> value, up to its closing bracket at the start of a line.</summary>
    private static string AgenciesBlock(string bicep)
    {
        var match = AgenciesParam().Match(bicep);
        Assert.True(match.Success, $"{ExampleParameters} has no `param agencies = [ ... ]`.");
        return match.Groups["value"].Value;
    }

    /// <summary>
    /// Bicep object and array literals as JSON: one element per line, keys unquoted, strings in single quotes, no commas.
    /// Enough for the example parameters (no interpolation or escaped quotes).
    /// </summary>
    private static string ToJson(string bicep)
    {
        var json = new StringBuilder();
        var previous = "";
        foreach (var raw in bicep.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            line = KeyValue().Replace(line, "\"${key}\": ${value}");
            line = SingleQuoted().Replace(line, "\"${text}\"");
            var needsComma = previous.Length > 0 && !previous.EndsWith('[') && !previous.EndsWith('{') && !previous.EndsWith(':')
                && !line.StartsWith(']') && !line.StartsWith('}');
            json.Append(needsComma ? ",\n" : "\n").Append(line);
            previous = line;
        }

        return json.ToString();
    }

    [GeneratedRegex(@"^param agencies = (?<value>\[.*?^\])", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex AgenciesParam();

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?<value>.*)$")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"'(?<text>[^']*)'")]
    private static partial Regex SingleQuoted();
}
