using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Messaging;

/// <summary>
/// The local stand-in for Service Bus: keeps every published message in Table Storage (partition = topic,
/// row = message id) so a person running locally can see what each agency would have received. A second message with
/// the same id keeps the first, as Service Bus duplicate detection would.
/// </summary>
public sealed partial class TableMessageOutbox(ReferralTables tables, TimeProvider time, ILogger<TableMessageOutbox> logger)
    : IReferralMessagePublisher, IOutboundMessageLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var entity = new TableEntity(message.Topic, message.MessageId)
        {
            ["Subject"] = message.Subject,
            ["ReferralId"] = message.ReferralId,
            ["ApplicationProperties"] = JsonSerializer.Serialize(message.ApplicationProperties, Json),
            ["Body"] = message.Body,
            ["EnqueuedAt"] = time.GetUtcNow(),
        };
        try
        {
            await tables.OutboundMessages.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            Log.Published(logger, message.Topic, message.MessageId);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            Log.DuplicateDropped(logger, message.Topic, message.MessageId);
        }
    }

    public async Task<IReadOnlyList<OutboundMessage>> ListAsync(string topic, string? referralId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var filter = referralId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {topic}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {topic} and ReferralId eq {referralId}");
        var rows = new List<(DateTimeOffset EnqueuedAt, OutboundMessage Message)>();
        await foreach (var row in tables.OutboundMessages.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var properties = JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("ApplicationProperties") ?? "{}", Json) ?? [];
            rows.Add((row.GetDateTimeOffset("EnqueuedAt") ?? default, new OutboundMessage(
                row.PartitionKey,
                row.RowKey,
                row.GetString("Subject"),
                row.GetString("ReferralId"),
                properties,
                row.GetString("Body"))));
        }

        // Rows come back in RowKey order; the stable sort keeps that order among messages enqueued at the same instant.
        return [.. rows.OrderBy(r => r.EnqueuedAt).Select(r => r.Message)];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Outbound message {MessageId} kept on topic {Topic} (local stand-in)")]
        public static partial void Published(ILogger logger, string topic, string messageId);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Duplicate outbound message {MessageId} on topic {Topic} dropped (local stand-in)")]
        public static partial void DuplicateDropped(ILogger logger, string topic, string messageId);
    }
}
