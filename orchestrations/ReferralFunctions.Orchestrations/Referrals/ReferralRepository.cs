using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals;

/// <summary>Reads and writes referrals and their timelines in Table Storage. Every write is idempotent.</summary>
public sealed class ReferralRepository(ReferralTables tables)
{
    private const string ReferralRow = "referral";
    private const string TimelinePrefix = "timeline|";
    private const string PayloadProperty = "Submission";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stores a new referral with the body exactly as received. If a referral with this id already exists (a retry after
    /// a crash), the stored one is returned unchanged.
    /// </summary>
    public async Task<ReferralRecord> CreateAsync(ReferralRecord referral, ReadOnlyMemory<byte> submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var entity = ToEntity(referral);
        ChunkedBinary.Write(entity, PayloadProperty, submission.Span);
        try
        {
            var response = await tables.Referrals.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return referral with { ETag = response.Headers.ETag?.ToString() ?? "" };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindAsync(referral.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Referral {referral.Id} conflicted but cannot be read.", ex);
        }
    }

    public async Task<ReferralRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Referrals
            .GetEntityIfExistsAsync<TableEntity>(id, ReferralRow, select: SummaryColumns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>The submission body exactly as received.</summary>
    public async Task<byte[]?> ReadSubmissionAsync(string id, CancellationToken cancellationToken)
    {
        var response = await tables.Referrals
            .GetEntityIfExistsAsync<TableEntity>(id, ReferralRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? ChunkedBinary.Read(response.Value!, PayloadProperty) : null;
    }

    /// <summary>
    /// Moves the referral to <paramref name="entry"/>'s status and appends the entry to its timeline, in one batch.
    /// Repeating the same entry (same id) changes nothing further.
    /// </summary>
    public async Task RecordAsync(string id, TimelineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var status = new TableEntity(id, ReferralRow)
        {
            ["Status"] = entry.Status.ToString(),
            ["UpdatedAt"] = entry.At,
        };
        var timeline = new TableEntity(id, TimelineKey(entry))
        {
            ["EntryId"] = entry.EntryId,
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Status"] = entry.Status.ToString(),
            ["Note"] = entry.Note,
        };
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateMerge, status, ETag.All),
            new(TableTransactionActionType.UpsertReplace, timeline),
        ];
        await tables.Referrals.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string id, CancellationToken cancellationToken)
    {
        var entries = new List<TimelineEntry>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {id} and RowKey ge {TimelinePrefix} and RowKey lt {TimelinePrefix.TrimEnd('|') + "}"}");
        await foreach (var row in tables.Referrals.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new TimelineEntry(
                row.GetString("EntryId"),
                row.GetDateTimeOffset("At") ?? default,
                row.GetString("Actor"),
                row.GetString("Action"),
                Enum.Parse<ReferralStatus>(row.GetString("Status")),
                row.GetString("Note")));
        }

        return entries;
    }

    private static string TimelineKey(TimelineEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimelinePrefix}{entry.At.UtcTicks:D19}|{entry.EntryId}");

    private static readonly string[] SummaryColumns =
    [
        "PartitionKey", "CarrierId", "Status", "ReceivedAt", "UpdatedAt", "Category", "ContentSha256", "ContentLength",
        "IndicatorCatalogueVersion", "DeclaredIndicators", "DerivedIndicators", "Warnings",
    ];

    private static TableEntity ToEntity(ReferralRecord referral) => new(referral.Id, ReferralRow)
    {
        ["CarrierId"] = referral.CarrierId,
        ["Status"] = referral.Status.ToString(),
        ["ReceivedAt"] = referral.ReceivedAt,
        ["UpdatedAt"] = referral.UpdatedAt,
        ["Category"] = referral.Category,
        ["ContentSha256"] = referral.ContentSha256,
        ["ContentLength"] = referral.ContentLength,
        ["IndicatorCatalogueVersion"] = referral.IndicatorCatalogueVersion,
        ["DeclaredIndicators"] = string.Join(',', referral.DeclaredIndicators),
        ["DerivedIndicators"] = JsonSerializer.Serialize(referral.DerivedIndicators, Json),
        ["Warnings"] = JsonSerializer.Serialize(referral.Warnings, Json),
    };

    private static ReferralRecord FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("CarrierId"),
        Enum.Parse<ReferralStatus>(e.GetString("Status")),
        e.GetDateTimeOffset("ReceivedAt") ?? default,
        e.GetDateTimeOffset("UpdatedAt") ?? default,
        e.GetString("Category"),
        e.GetString("ContentSha256"),
        e.GetInt32("ContentLength") ?? 0,
        e.GetString("IndicatorCatalogueVersion"),
        e.GetString("DeclaredIndicators") is { Length: > 0 } codes ? codes.Split(',') : [],
        JsonSerializer.Deserialize<IntakeFinding[]>(e.GetString("DerivedIndicators") ?? "[]", Json) ?? [],
        JsonSerializer.Deserialize<IntakeFinding[]>(e.GetString("Warnings") ?? "[]", Json) ?? [],
        e.ETag.ToString());
}
