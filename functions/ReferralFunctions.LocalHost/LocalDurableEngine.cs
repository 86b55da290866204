using System.Net.Sockets;
using DurableTask.AzureStorage;
using Grpc.Net.Client;
using Microsoft.DurableTask.Worker;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// The local host's durable engine: DurableTask.Core's Azure Storage provider over Azurite, the channel the worker and
/// client reach its gRPC sidecar through, and the worker's version checks.
/// </summary>
internal static class LocalDurableEngine
{
    /// <summary>The engine on <see cref="LocalHostOptions.EngineStorage"/>, tuned for one local worker.</summary>
    public static AzureStorageOrchestrationService Create(LocalHostOptions options) => new(new AzureStorageOrchestrationServiceSettings
    {
        TaskHubName = options.TaskHubName,
        StorageAccountClientProvider = new StorageAccountClientProvider(options.EngineStorage),
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        PartitionCount = 1,

        // One worker only: short leases let a host that was killed be replaced within seconds, not half a minute.
        LeaseInterval = TimeSpan.FromSeconds(10),
        LeaseRenewInterval = TimeSpan.FromSeconds(3),
        LeaseAcquireInterval = TimeSpan.FromSeconds(2),

        // A message taken while storage went away comes back after this, not after the default 5 minutes.
        ControlQueueVisibilityTimeout = options.EngineMessageVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = options.EngineMessageVisibilityTimeout,
    });

    /// <summary>The worker's version checks: as the Functions app's host.json sets them.</summary>
    public static DurableTaskWorkerOptions.VersioningOptions WorkerVersioning(string version) => new()
    {
        Version = version,
        DefaultVersion = version,
        MatchStrategy = DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder,
        FailureStrategy = DurableTaskWorkerOptions.VersionFailureStrategy.Reject,
    };

    /// <summary>A gRPC channel to the sidecar over its Unix socket.</summary>
    public static GrpcChannel Channel(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
