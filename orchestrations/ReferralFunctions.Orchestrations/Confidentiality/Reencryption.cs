using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Referrals;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Confidentiality;

/// <summary>
/// Re-encrypts every confidential value not under the current data key (after a rotation, before the old key is
/// retired), and encrypts any value stored before encryption existed, including a carrier id stored in clear. It rewrites
/// exactly the declared <see cref="EncryptedColumn"/>s, found where their stores declared them. Each row is rewritten
/// only if unchanged since it was read (ETag), so it is safe alongside live traffic and safe to repeat.
/// </summary>
public sealed class Reencryption(ReferralTables tables, FieldCipher cipher, CarrierLookup carriers, EncryptedColumns columns)
{
    /// <summary>How a value written before encryption existed is counted; a rewrap encrypts it.</summary>
    public const string Unencrypted = "unencrypted";

    /// <summary>Returns how many values were found under each key id before, and how many were rewritten.</summary>
    public async Task<RewrapResult> RewrapAsync(CancellationToken cancellationToken)
    {
        var current = await cipher.CurrentKeyIdAsync(cancellationToken).ConfigureAwait(false);
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        var rewritten = 0;
        foreach (var (name, table) in tables.ByLogicalName)
        {
            var declared = columns.All.Where(c => c.Table == name).ToArray();
            if (declared.Length == 0)
            {
                continue;
            }

            await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rewritten += await RewrapRowAsync(table, row, declared, current, before, cancellationToken).ConfigureAwait(false);
            }
        }

        return new RewrapResult(current, before, rewritten);
    }

    private async Task<int> RewrapRowAsync(TableClient table, TableEntity row, EncryptedColumn[] declared, string current, Dictionary<string, int> before, CancellationToken cancellationToken)
    {
        var update = new TableEntity(row.PartitionKey, row.RowKey);
        var changes = 0;
        foreach (var column in declared.Where(c => c.Kind == EncryptedValueKind.Chunked && c.IsOn(row.RowKey) && row.ContainsKey(c.Property + "Chunks")))
        {
            var stored = ChunkedBinary.Read(row, column.Property);
            var keyId = FieldCipher.KeyIdOf(stored) ?? Unencrypted;
            before[keyId] = before.GetValueOrDefault(keyId) + 1;
            if (keyId != current)
            {
                var plain = keyId == Unencrypted ? stored : await cipher.DecryptAsync(column, row.PartitionKey, row.RowKey, stored, cancellationToken).ConfigureAwait(false);
                ChunkedBinary.Write(update, column.Property, await cipher.EncryptAsync(column, row.PartitionKey, row.RowKey, plain, cancellationToken).ConfigureAwait(false));
                changes++;
            }
        }

        // A row from before carriers were protected at rest: its clear carrier id becomes a look-up value and a
        // sealed id. Merge cannot remove a property, so that row is replaced whole (still only if unchanged).
        var legacyProperty = await ReferralRepository.SealLegacyCarrierAsync(cipher, carriers, row, update, cancellationToken).ConfigureAwait(false);
        if (legacyProperty is not null)
        {
            before[Unencrypted] = before.GetValueOrDefault(Unencrypted) + 1;
            changes++;
        }

        foreach (var column in declared.Where(c => c.Kind == EncryptedValueKind.Text && c.IsOn(row.RowKey)))
        {
            if (row.GetString(column.Property) is not { } text)
            {
                continue;
            }

            var keyId = FieldCipher.KeyIdOf(text) ?? Unencrypted;
            before[keyId] = before.GetValueOrDefault(keyId) + 1;
            if (keyId != current)
            {
                var plain = keyId == Unencrypted ? text : await cipher.DecryptTextAsync(column, row.PartitionKey, row.RowKey, text, cancellationToken).ConfigureAwait(false);
                update[column.Property] = await cipher.EncryptTextAsync(column, row.PartitionKey, row.RowKey, plain, cancellationToken).ConfigureAwait(false);
                changes++;
            }
        }

        if (changes == 0)
        {
            return 0;
        }

        try
        {
            if (legacyProperty is null)
            {
                await table.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (var (name, value) in update)
                {
                    row[name] = value;
                }

                row.Remove(legacyProperty);
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return changes;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Changed meanwhile: the writer used the current key for what it wrote; a repeat run catches the rest.
            return 0;
        }
    }
}
