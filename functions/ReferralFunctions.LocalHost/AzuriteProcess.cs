using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// Azurite (local Azure Storage) for local runs and tests: reuses one already listening on 127.0.0.1, otherwise starts
/// the pinned npm package from the repository's node_modules (loopback only, telemetry off, data in a git-ignored
/// folder) and stops it gracefully on dispose.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    public const int BlobPort = 10000;
    public const int QueuePort = 10001;
    public const int TablePort = 10002;

    private readonly Process? process;

    private AzuriteProcess(Process? process) => this.process = process;

    /// <summary>Storage run by someone else (a real account, or an Azurite this process must not manage).</summary>
    public static AzuriteProcess External { get; } = new(null);

    public static async Task<AzuriteProcess> EnsureRunningAsync(string repositoryRoot, string dataFolder, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (await AllListeningAsync(cancellationToken).ConfigureAwait(false))
        {
            Log.Reused(logger);
            return new AzuriteProcess(null);
        }

        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {repositoryRoot} (scripts/run-local.sh does).");
        }

        var location = Path.GetFullPath(Path.Combine(repositoryRoot, dataFolder));
        Directory.CreateDirectory(location);
        // Its own session (setsid) with its output going straight to a file: a Ctrl+C meant for the host does not stop
        // storage before the host has shut down, and a host that is killed leaves storage running, not broken.
        var log = Path.Combine(location, "azurite.log");
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = repositoryRoot };
        start.Environment["AZURITE_LOG"] = log;
        foreach (var argument in new[]
        {
            "sh", "-c", "exec \"$0\" \"$@\" >> \"$AZURITE_LOG\" 2>&1", executable,
            "--disableTelemetry", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--location", location,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var deadline = Stopwatch.StartNew();
        while (!await AllListeningAsync(cancellationToken).ConfigureAwait(false))
        {
            if (started.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Azurite did not become ready; see {log}.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        Log.Started(logger, started.Id, location, deadline.ElapsedMilliseconds);
        return new AzuriteProcess(started);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        // SIGTERM lets Azurite flush its table store to disk; SIGKILL only if it does not exit in time.
        _ = Kill(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static async Task<bool> AllListeningAsync(CancellationToken cancellationToken)
    {
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Using the Azurite already listening on 127.0.0.1")]
        public static partial void Reused(ILogger logger);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Started Azurite (pid {Pid}, data in {Location}) in {ElapsedMs} ms")]
        public static partial void Started(ILogger logger, int pid, string location, long elapsedMs);
    }
}
