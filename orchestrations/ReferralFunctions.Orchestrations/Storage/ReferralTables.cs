using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Storage;

/// <summary>The tables that hold referral data, named once.</summary>
public sealed class ReferralTables
{
    /// <summary>The idempotency table's logical name (in encryption contexts, independent of any test prefix).</summary>
    public const string IdempotencyTableName = "IdempotencyKeys";

    /// <summary>The property of an idempotency row that keeps the encrypted answer for replay.</summary>
    public const string IdempotencyResponseBody = "ResponseBody";

    public ReferralTables(TableServiceClient service, IOptions<ReferralStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        var prefix = options.Value.TablePrefix;
        Referrals = service.GetTableClient(prefix + "Referrals");
        Idempotency = service.GetTableClient(prefix + IdempotencyTableName);
        CarrierNonces = service.GetTableClient(prefix + "CarrierNonces");
        Reminders = service.GetTableClient(prefix + "Reminders");
        OutboundMessages = service.GetTableClient(prefix + "OutboundMessages");
        Audit = service.GetTableClient(prefix + "AuditTrail");
    }

    /// <summary>
    /// One partition per referral (the reference): the referral row (record, facts, sealed submission and carrier), and
    /// rows keyed by prefix for its timeline, decisions, questions, disclosures, referrer reveals and workflow repairs
    /// (ReferralRepository's row key prefixes).
    /// </summary>
    public TableClient Referrals { get; }

    /// <summary>Idempotency keys, partitioned by the carrier's look-up value.</summary>
    public TableClient Idempotency { get; }

    /// <summary>Nonces seen in signed carrier requests, partitioned by the carrier's look-up value.</summary>
    public TableClient CarrierNonces { get; }

    /// <summary>Reminders and escalations sent, partitioned by recipient role.</summary>
    public TableClient Reminders { get; }

    /// <summary>The local stand-in for Service Bus: messages partitioned by topic, keyed by message id.</summary>
    public TableClient OutboundMessages { get; }

    /// <summary>The append-only, hash-chained audit trail (one partition).</summary>
    public TableClient Audit { get; }

    public IReadOnlyList<TableClient> All => [Referrals, Idempotency, CarrierNonces, Reminders, OutboundMessages, Audit];

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        foreach (var table in All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
