using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// An Azurite of a test's own, to take storage away and give it back: free loopback ports, its own data folder
/// (deleted at the end), stopped with SIGTERM and started again on the same folder and ports. Unlike the shared
/// TestAzurite, nothing else uses it.
/// </summary>
public sealed class StoppableAzurite : IAsyncDisposable
{
    private readonly string root;
    private readonly ILogger logger;
    private AzuriteProcess? process;

    private StoppableAzurite(string root, string location, AzuritePorts ports, ILogger logger)
    {
        this.root = root;
        this.logger = logger;
        Location = location;
        Ports = ports;
    }

    public AzuritePorts Ports { get; }

    /// <summary>The data folder (under the repository's git-ignored .azurite).</summary>
    public string Location { get; }

    /// <summary>The development account on this Azurite's ports.</summary>
    public string ConnectionString => Ports.ConnectionString;

    public bool IsRunning => process is not null && !process.HasExited;

    public static async Task<StoppableAzurite> StartNewAsync(ILogger? logger = null)
    {
        var root = LocalReferralHost.RepositoryRoot();
        var location = Path.Combine(root, ".azurite", "stoppable-" + Guid.NewGuid().ToString("N")[..10]);
        var azurite = new StoppableAzurite(root, location, FreeLoopbackPorts(), logger ?? NullLogger.Instance);
        await azurite.StartAsync();
        return azurite;
    }

    /// <summary>Starts Azurite again on the same folder and ports (it must be stopped).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("This Azurite is already running.");
        }

        if (process is not null)
        {
            await process.DisposeAsync();
        }

        process = await AzuriteProcess.StartAsync(root, Location, Ports, logger, CancellationToken.None);
    }

    /// <summary>Stops Azurite (SIGTERM, then waits for it to exit): storage is unreachable until <see cref="StartAsync"/>.</summary>
    public Task StopAsync() => process?.StopAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    // Three ports the system hands out as free, held together so they differ; released just before Azurite binds them.
    private static AzuritePorts FreeLoopbackPorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return new AzuritePorts(ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
