using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Storage;

/// <summary>
/// The tables that hold referral data, named once. docs/storage.md describes the layout: every table, its partition and
/// row keys, which store writes each kind of row, and which columns are encrypted (a test keeps it true).
/// </summary>
public sealed class ReferralTables
{
    /// <summary>The referrals table's logical name (in encryption contexts, independent of any test prefix).</summary>
    public const string ReferralsTableName = "Referrals";

    /// <summary>The idempotency table's logical name (in encryption contexts, independent of any test prefix).</summary>
    public const string IdempotencyTableName = "IdempotencyKeys";

    private const string CarrierNoncesTableName = "CarrierNonces";
    private const string RemindersTableName = "Reminders";
    private const string OutboundMessagesTableName = "OutboundMessages";
    private const string AuditTableName = "AuditTrail";
    private const string StaffQueueTableName = "StaffQueue";

    public ReferralTables(TableServiceClient service, IOptions<ReferralStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        var prefix = options.Value.TablePrefix;
        Referrals = service.GetTableClient(prefix + ReferralsTableName);
        Idempotency = service.GetTableClient(prefix + IdempotencyTableName);
        CarrierNonces = service.GetTableClient(prefix + CarrierNoncesTableName);
        Reminders = service.GetTableClient(prefix + RemindersTableName);
        OutboundMessages = service.GetTableClient(prefix + OutboundMessagesTableName);
        Audit = service.GetTableClient(prefix + AuditTableName);
        StaffQueue = service.GetTableClient(prefix + StaffQueueTableName);
    }

    /// <summary>
    /// One partition per referral (the reference): the referral row (record, facts, sealed submission and carrier), and
    /// rows keyed by prefix for its timeline, decisions, questions, disclosures, referrer reveals and workflow repairs,
    /// each kind owned by its store (<see cref="IReferralRows"/>).
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

    /// <summary>
    /// The staff work queue's index: one row per referral, partitioned by status, keyed by due date then reference
    /// (<c>Referrals.Queue.ReferralQueueIndex</c>).
    /// </summary>
    public TableClient StaffQueue { get; }

    public IReadOnlyList<TableClient> All => [Referrals, Idempotency, CarrierNonces, Reminders, OutboundMessages, Audit, StaffQueue];

    /// <summary>The tables by logical name (as <see cref="EncryptedColumn.Table"/> names them), in <see cref="All"/>'s order.</summary>
    public IReadOnlyList<(string Name, TableClient Table)> ByLogicalName =>
        [(ReferralsTableName, Referrals), (IdempotencyTableName, Idempotency), (CarrierNoncesTableName, CarrierNonces), (RemindersTableName, Reminders), (OutboundMessagesTableName, OutboundMessages), (AuditTableName, Audit), (StaffQueueTableName, StaffQueue)];

    /// <summary>
    /// The tables outside the referral's partition whose rows name it in a <c>ReferralId</c> property (idempotency keys,
    /// reminders, local messages, the staff queue's index): the retention purge deletes those rows too.
    /// </summary>
    public IReadOnlyList<TableClient> ReferringToReferral => [Idempotency, Reminders, OutboundMessages, StaffQueue];

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        foreach (var table in All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
