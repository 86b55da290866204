using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// Idempotency keys, scoped to the carrier. A key is claimed with the referral id it will produce before anything is
/// stored, so a retry after a crash completes the same referral instead of making a second one. Rows are partitioned by
/// the carrier's look-up value (<see cref="CarrierLookup"/>), never its id, and the answer kept for replay (the receipt
/// names the carrier and the shipment) is encrypted.
/// </summary>
public sealed class IdempotencyStore(ReferralTables tables, FieldCipher cipher, TimeProvider time, IOptions<IntakeOptions> options)
{
    /// <summary>The answer kept for replay (the receipt names the carrier and the shipment).</summary>
    public static readonly EncryptedColumn ResponseBody = new(ReferralTables.IdempotencyTableName, "", "ResponseBody");

    private const string InProgress = "in-progress";
    private const string Completed = "completed";

    public async Task<IdempotencyClaim> ClaimAsync(string carrierLookup, string key, string requestSha256, string proposedReferralId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rowKey = RowKey(key);
        var entity = new TableEntity(carrierLookup, rowKey)
        {
            ["State"] = InProgress,
            ["RequestSha256"] = requestSha256,
            ["ReferralId"] = proposedReferralId,
            ["LeaseUntil"] = now + options.Value.IdempotencyLease,
        };
        try
        {
            var added = await tables.Idempotency.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return new IdempotencyClaim(IdempotencyOutcome.Claimed, carrierLookup, rowKey, proposedReferralId, added.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Someone used this key before: decide from what they left.
        }

        var existing = (await tables.Idempotency.GetEntityAsync<TableEntity>(carrierLookup, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var referralId = existing.GetString("ReferralId");
        if (!string.Equals(existing.GetString("RequestSha256"), requestSha256, StringComparison.Ordinal))
        {
            return new IdempotencyClaim(IdempotencyOutcome.KeyReusedWithDifferentBody, carrierLookup, rowKey, referralId, existing.ETag);
        }

        if (existing.GetString("State") == Completed)
        {
            return new IdempotencyClaim(IdempotencyOutcome.Replay, carrierLookup, rowKey, referralId, existing.ETag,
                new StoredResponse(existing.GetInt32("ResponseStatus") ?? 202, existing.GetString("ResponseLocation"),
                    await ReadBodyAsync(existing, cancellationToken).ConfigureAwait(false)));
        }

        if (existing.GetDateTimeOffset("LeaseUntil") is { } leaseUntil && leaseUntil > now)
        {
            return new IdempotencyClaim(IdempotencyOutcome.InProgress, carrierLookup, rowKey, referralId, existing.ETag);
        }

        // The request that held the key stopped without finishing: take over, keeping its referral id.
        existing["LeaseUntil"] = now + options.Value.IdempotencyLease;
        try
        {
            var updated = await tables.Idempotency.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return new IdempotencyClaim(IdempotencyOutcome.Claimed, carrierLookup, rowKey, referralId, updated.Headers.ETag ?? ETag.All) { TakenOver = true };
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return new IdempotencyClaim(IdempotencyOutcome.InProgress, carrierLookup, rowKey, referralId, existing.ETag);
        }
    }

    /// <summary>Records the response so that a retry with the same key gets it again.</summary>
    public async Task CompleteAsync(IdempotencyClaim claim, StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(response);
        var entity = new TableEntity(claim.CarrierLookup, claim.RowKey)
        {
            ["State"] = Completed,
            ["ResponseStatus"] = response.Status,
            ["ResponseLocation"] = response.Location,
            [ResponseBody.Property] = await cipher.EncryptTextAsync(ResponseBody, claim.CarrierLookup, claim.RowKey, response.Body, cancellationToken).ConfigureAwait(false),
            ["CompletedAt"] = time.GetUtcNow(),
        };
        await tables.Idempotency.UpdateEntityAsync(entity, claim.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives the key up after the request holding it failed, so the carrier's retry takes it over at once instead of
    /// waiting out the lease. Best effort: when storage is what failed this fails too, and the (short) lease runs out.
    /// </summary>
    public async Task<bool> TryReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var entity = new TableEntity(claim.CarrierLookup, claim.RowKey) { ["LeaseUntil"] = time.GetUtcNow() };
        try
        {
            await tables.Idempotency.UpdateEntityAsync(entity, claim.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException { Status: 412 or 404 } || Http.Unavailability.IsUnavailable(ex))
        {
            // Taken over by a retry already, or storage still away: either way the lease settles it.
            return false;
        }
    }

    private async ValueTask<string> ReadBodyAsync(TableEntity row, CancellationToken cancellationToken) =>
        await cipher.DecryptTextAsync(ResponseBody, row.PartitionKey, row.RowKey, row.GetString(ResponseBody.Property) ?? "", cancellationToken).ConfigureAwait(false) ?? "";

    // Keys may hold characters a row key cannot ('/', '#', '?', '\'), so the row key is the key's hash.
    private static string RowKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

public enum IdempotencyOutcome
{
    /// <summary>This request holds the key and should do the work.</summary>
    Claimed,

    /// <summary>The key was used with the same body and that request finished: answer as it was answered.</summary>
    Replay,

    /// <summary>The key was used with another body.</summary>
    KeyReusedWithDifferentBody,

    /// <summary>Another request with this key is being processed now.</summary>
    InProgress,
}

/// <summary>The result of claiming an idempotency key.</summary>
public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, string CarrierLookup, string RowKey, string ReferralId, ETag ETag, StoredResponse? Response = null)
{
    /// <summary>True when this request took the key over from one that stopped half-way (its work may be partly done).</summary>
    public bool TakenOver { get; init; }
}

/// <summary>A response kept for replay.</summary>
public sealed record StoredResponse(int Status, string? Location, string Body);
