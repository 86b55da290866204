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

    /// <summary>The well-known ports, as <c>UseDevelopmentStorage=true</c> expects them.</summary>
    public static AzuritePorts DefaultPorts { get; } = new(BlobPort, QueuePort, TablePort);

    /// <summary>True once the process this instance started has exited (always false for one it does not manage).</summary>
    public bool HasExited => process?.HasExited ?? false;

    public static async Task<AzuriteProcess> EnsureRunningAsync(string repositoryRoot, string dataFolder, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (await AllListeningAsync(DefaultPorts, cancellationToken).ConfigureAwait(false))
        {
            Log.Reused(logger);
            return new AzuriteProcess(null);
        }

        return await StartAsync(repositoryRoot, Path.Combine(repositoryRoot, dataFolder), DefaultPorts, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts an Azurite of its own on <paramref name="ports"/> (127.0.0.1) with its data in <paramref name="location"/>,
    /// and waits until all three services listen. Fault tests start one they can stop and start again.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot, string location, AzuritePorts ports, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(logger);
        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {repositoryRoot} (scripts/run-local.sh does).");
        }

        location = Path.GetFullPath(location);
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
            "--blobPort", ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", location,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var deadline = Stopwatch.StartNew();
        while (!await AllListeningAsync(ports, cancellationToken).ConfigureAwait(false))
        {
            if (started.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                if (!started.HasExited)
                {
                    started.Kill(entireProcessTree: true);
                }

                started.Dispose();
                throw new InvalidOperationException($"Azurite did not become ready; see {log}.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        Log.Started(logger, started.Id, location, deadline.ElapsedMilliseconds);
        return new AzuriteProcess(started);
    }

    /// <summary>
    /// Stops the Azurite this instance started: SIGTERM, so it flushes its table store to disk, then waits for it to
    /// exit (SIGKILL only if it does not within 10 s). Nothing for one it does not manage.
    /// </summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        _ = Kill(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        process?.Dispose();
    }

    private static async Task<bool> AllListeningAsync(AzuritePorts ports, CancellationToken cancellationToken)
    {
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
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
