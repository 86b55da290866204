using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Carriers;

/// <summary>
/// Remembers each carrier's nonces so a signed request cannot be replayed within the signature window. Rows are
/// partitioned by the carrier's look-up value (<see cref="Confidentiality.CarrierLookup"/>), never its id.
/// </summary>
public sealed class CarrierNonceStore(ReferralTables tables)
{
    /// <summary>
    /// Records the nonce as used. False when the carrier with <paramref name="carrierLookup"/> used it before within <paramref name="window"/>
    /// (a nonce older than twice the window may be reused: its old request can no longer pass the timestamp check).
    /// </summary>
    public async Task<bool> TryUseAsync(string carrierLookup, string nonce, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(carrierLookup, nonce) { ["UsedAt"] = now };
        try
        {
            await tables.CarrierNonces.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await tables.CarrierNonces.GetEntityIfExistsAsync<TableEntity>(carrierLookup, nonce, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue || existing.Value!.GetDateTimeOffset("UsedAt") is not { } usedAt || now - usedAt < 2 * window)
            {
                return false;
            }

            try
            {
                await tables.CarrierNonces.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException raced) when (raced.Status == 412)
            {
                return false;
            }
        }
    }
}
