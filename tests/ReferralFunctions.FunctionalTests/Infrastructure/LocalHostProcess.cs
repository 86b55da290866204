using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// The built local host (functions/ReferralFunctions.LocalHost) run as a child process, as <c>dotnet &lt;dll&gt;</c>, so a
/// test can kill it the way a machine dies (SIGKILL): no shutdown code runs.
/// </summary>
public sealed partial class LocalHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output;

    private LocalHostProcess(Process process, ConcurrentQueue<string> output, Uri baseAddress)
    {
        this.process = process;
        this.output = output;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>What the process wrote, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, output.TakeLast(80));

    /// <summary>Starts the host with <paramref name="settings"/> as command-line settings and waits until it listens.</summary>
    public static async Task<LocalHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = LocalReferralHost.RepositoryRoot(),
        };
        start.ArgumentList.Add(HostDll());
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (Listening().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups["base"].Value));
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The local host exited before it listened:\n" + string.Join('\n', output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var baseAddress = await listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
            return new LocalHostProcess(process, output, baseAddress);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-step, with nothing flushed or released.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            // A graceful stop, as Ctrl+C would.
            Interrupt(process.Id);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }

        process.Dispose();
    }

    /// <summary>The host's dll, built in the same configuration as these tests.</summary>
    private static string HostDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(LocalReferralHost.RepositoryRoot(), "functions", "ReferralFunctions.LocalHost", "bin", configuration, "net10.0", "ReferralFunctions.LocalHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the local host's dll is missing.", dll);
    }

    private static void Interrupt(int pid)
    {
        using var kill = Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    [GeneratedRegex(@"listening on (?<base>http://127\.0\.0\.1:\d+/)api")]
    private static partial Regex Listening();
}
