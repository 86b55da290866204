using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace ReferralFunctions.Messaging;

/// <summary>
/// Publishes to Service Bus topics, one cached sender per topic. Duplicates of a <see cref="OutboundMessage.MessageId"/>
/// are dropped by the topic's duplicate detection, not here.
/// </summary>
public sealed class ServiceBusMessagePublisher(ServiceBusClient client) : IReferralMessagePublisher, IAsyncDisposable
{
    public const string JsonContentType = "application/json";

    // Lazy, so that two callers racing on a new topic share one sender instead of leaking the loser's.
    private readonly ConcurrentDictionary<string, Lazy<ServiceBusSender>> senders = new(StringComparer.Ordinal);
    private volatile bool disposed;

    public async Task PublishAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(disposed, this);
        var sender = senders.GetOrAdd(
            message.Topic,
            static (topic, serviceBus) => new Lazy<ServiceBusSender>(() => serviceBus.CreateSender(topic), LazyThreadSafetyMode.ExecutionAndPublication),
            client).Value;
        await sender.SendMessageAsync(ToServiceBusMessage(message), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Service Bus form of a message: JSON body, deterministic id, the referral as correlation id.</summary>
    public static ServiceBusMessage ToServiceBusMessage(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var serviceBusMessage = new ServiceBusMessage(BinaryData.FromString(message.Body))
        {
            ContentType = JsonContentType,
            MessageId = message.MessageId,
            Subject = message.Subject,
            CorrelationId = message.ReferralId,
        };
        foreach (var (name, value) in message.ApplicationProperties)
        {
            serviceBusMessage.ApplicationProperties[name] = value;
        }

        return serviceBusMessage;
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        foreach (var sender in senders.Values.Where(s => s.IsValueCreated))
        {
            await sender.Value.DisposeAsync().ConfigureAwait(false);
        }

        senders.Clear();
    }
}
