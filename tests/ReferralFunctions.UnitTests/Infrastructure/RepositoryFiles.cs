namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>Reads files of the repository checkout the tests run from (infra/, docs/, …).</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding ReferralFunctions.sln, found by walking up from the test binaries.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The text of a file, given its path from the repository root with forward slashes.</summary>
    public static string ReadAllText(string relativePath) =>
        File.ReadAllText(Path.Combine([Root, .. relativePath.Split('/')]));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReferralFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ReferralFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
