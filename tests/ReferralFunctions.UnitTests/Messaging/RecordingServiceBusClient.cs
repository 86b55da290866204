using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace ReferralFunctions.UnitTests.Messaging;

/// <summary>
/// A Service Bus test double on the SDK's own types (its mocking constructors): every sender it creates records the
/// messages handed to <see cref="ServiceBusSender.SendMessageAsync"/>. No emulator runs here, so this is the boundary.
/// </summary>
internal sealed class RecordingServiceBusClient : ServiceBusClient
{
    private readonly ConcurrentQueue<(string Topic, ServiceBusMessage Message)> sent = new();
    private readonly ConcurrentQueue<RecordingSender> senders = new();

    public IReadOnlyList<(string Topic, ServiceBusMessage Message)> Sent => [.. sent];

    public IReadOnlyList<RecordingSender> Senders => [.. senders];

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        var sender = new RecordingSender(queueOrTopicName, sent);
        senders.Enqueue(sender);
        return sender;
    }

    internal sealed class RecordingSender(string topic, ConcurrentQueue<(string Topic, ServiceBusMessage Message)> sent) : ServiceBusSender
    {
        public override string EntityPath => topic;

        public bool Disposed { get; private set; }

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            sent.Enqueue((topic, message));
            return Task.CompletedTask;
        }

        // The SDK's DisposeAsync closes the sender through CloseAsync; the real one would close an AMQP link.
        public override Task CloseAsync(CancellationToken cancellationToken = default)
        {
            Disposed = true;
            return Task.CompletedTask;
        }
    }
}
