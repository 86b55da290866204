using System.Reflection;
using ReferralFunctions.Confidentiality;

namespace ReferralFunctions.Storage;

/// <summary>
/// A property that holds confidential content, encrypted (<see cref="FieldCipher"/>): which table, on which rows (row
/// key prefix) and under which name. The store that writes it declares it as a <c>static readonly</c> field and encrypts
/// and decrypts through it, and re-encryption (<see cref="Confidentiality.Reencryption"/>) rewrites every declared column, so a new
/// encrypted column cannot be missed by a key rotation. docs/storage.md lists them all (a test keeps it true).
/// </summary>
/// <param name="Table">The table's logical name (as in encryption contexts, independent of any test prefix).</param>
/// <param name="RowKeyPrefix">The row key, or the start of the row keys, of the rows that carry it ("" for every row).</param>
/// <param name="Property">The property name (for <see cref="EncryptedValueKind.Chunked"/>, the name the chunks start with).</param>
public sealed record EncryptedColumn(string Table, string RowKeyPrefix, string Property, EncryptedValueKind Kind = EncryptedValueKind.Text)
{
    /// <summary>What the ciphertext is bound to: this column on one row.</summary>
    public string Context(string partitionKey, string rowKey) => FieldCipher.Context(Table, partitionKey, rowKey, Property);

    /// <summary>Whether a row with this key carries the column.</summary>
    public bool IsOn(string rowKey) => rowKey.StartsWith(RowKeyPrefix, StringComparison.Ordinal);

    /// <summary>Every encrypted column declared (as a static field) by the types of these assemblies.</summary>
    public static IReadOnlyList<EncryptedColumn> DeclaredIn(params Assembly[] assemblies) =>
        assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType == typeof(EncryptedColumn) && !f.Name.Contains('<', StringComparison.Ordinal))
            .Select(f => (EncryptedColumn)f.GetValue(null)!)
            .Distinct()
            .ToArray();
}

/// <summary>How an encrypted column stores its value.</summary>
public enum EncryptedValueKind
{
    /// <summary>One string property: <see cref="FieldCipher.TextPrefix"/> and base64.</summary>
    Text,

    /// <summary>Binary, across several properties (<see cref="ChunkedBinary"/>).</summary>
    Chunked,
}

/// <summary>The encrypted columns re-encryption rewrites: every one declared in the assemblies that write them.</summary>
public sealed class EncryptedColumns(IReadOnlyList<EncryptedColumn> all)
{
    public IReadOnlyList<EncryptedColumn> All { get; } = all;
}
