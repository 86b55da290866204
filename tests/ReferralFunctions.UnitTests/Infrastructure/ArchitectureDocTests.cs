using System.Text.RegularExpressions;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>
/// docs/architecture.md stays true: every file its "where does X happen" table names exists, and its projects table lists
/// the same folders as the README's layout table, each of which exists.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly string Architecture = RepositoryFiles.ReadAllText("docs/architecture.md");

    [Fact]
    public void Every_file_the_where_table_names_exists()
    {
        var files = Section(Architecture, "## Where does X happen").Split('\n')
            .Select(line => CodePath().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToArray();

        Assert.True(files.Length >= 15, $"the table names {files.Length} places; a newcomer's first 15 questions need more");
        Assert.All(files, file => Assert.True(File.Exists(Path.Combine([RepositoryFiles.Root, .. file.Split('/')])), $"{file} is named in docs/architecture.md but does not exist"));
    }

    [Fact]
    public void The_projects_table_and_the_readme_layout_list_the_same_existing_folders()
    {
        var documented = Folders(Section(Architecture, "## Projects"));
        var readme = Folders(Section(RepositoryFiles.ReadAllText("README.md"), "## Layout"));

        Assert.Equal(documented, readme);
        Assert.All(documented, folder => Assert.True(Directory.Exists(Path.Combine([RepositoryFiles.Root, .. folder.TrimEnd('/').Split('/')])), $"{folder} does not exist"));
        var projects = Directory.GetDirectories(Path.Combine(RepositoryFiles.Root, "functions")).Select(d => "functions/" + Path.GetFileName(d))
            .Where(d => Directory.GetFiles(Path.Combine(RepositoryFiles.Root, d), "*.csproj").Length > 0);
        Assert.All(projects, project => Assert.Contains(project, documented));
    }

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {heading}");
        var next = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? markdown[start..] : markdown[start..next];
    }

    private static string[] Folders(string section) =>
        [.. section.Split('\n').Select(line => TableFolder().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^\|[^|]*\| `([^`]+\.(?:cs|json|bicep))` \|$")]
    private static partial Regex CodePath();

    [GeneratedRegex(@"^\| `([^`]+)` \|")]
    private static partial Regex TableFolder();
}
