using System.Diagnostics;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// The built maintenance tool (functions/ReferralFunctions.Admin) run as an operator runs it: <c>dotnet &lt;dll&gt; verb …</c>
/// with its settings as environment variables, its JSON on standard output and its logs on standard error.
/// </summary>
public static class AdminToolProcess
{
    public sealed record Run(int ExitCode, string Output, string Error);

    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = LocalReferralHost.RepositoryRoot(),
        };
        start.ArgumentList.Add(ToolDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"The admin tool did not finish in 60 s: {string.Join(' ', arguments)}\n{await error}");
        }

        return new Run(process.ExitCode, await output, await error);
    }

    /// <summary>The tool's dll, built in the same configuration as these tests.</summary>
    private static string ToolDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(LocalReferralHost.RepositoryRoot(), "functions", "ReferralFunctions.Admin", "bin", configuration, "net10.0", "ReferralFunctions.Admin.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the admin tool's dll is missing.", dll);
    }
}
