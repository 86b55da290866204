using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Storage;
using ReferralFunctions.UnitTests.Infrastructure;

namespace ReferralFunctions.UnitTests.Storage;

/// <summary>
/// The storage layout is declared by the stores (row key prefixes, encrypted columns) and described once, in
/// docs/storage.md. These tests keep the description, the declarations and what re-encryption and retention act on the same.
/// </summary>
public sealed partial class StorageLayoutTests
{
    private static readonly Assembly[] Product =
    [
        typeof(ReferralTables).Assembly,
        typeof(IdempotencyStore).Assembly,
        typeof(ReferralFunctions.FunctionApp.HttpFunctions).Assembly,
    ];

    private static readonly string Doc = RepositoryFiles.ReadAllText("docs/storage.md");

    [Fact]
    public void Reencryption_rewrites_every_encrypted_column_declared_in_the_product()
    {
        using var provider = Services();
        var rewritten = provider.GetRequiredService<EncryptedColumns>().All;

        var declared = EncryptedColumn.DeclaredIn(Product);
        Assert.Contains(TimelineStore.Note, declared);
        Assert.Contains(IdempotencyStore.ResponseBody, declared);
        Assert.All(declared, column => Assert.Contains(column, rewritten));
    }

    [Fact]
    public void Outside_its_assembly_the_cipher_encrypts_only_through_a_declared_column()
    {
        var methods = typeof(FieldCipher).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.StartsWith("Encrypt", StringComparison.Ordinal) || m.Name.StartsWith("Decrypt", StringComparison.Ordinal))
            .ToArray();

        Assert.Equal(4, methods.Length);
        Assert.All(methods, m => Assert.Equal(typeof(EncryptedColumn), m.GetParameters()[0].ParameterType));
    }

    [Fact]
    public void Every_store_of_referral_rows_is_asked_by_the_retention_purge()
    {
        using var provider = Services();
        var registered = provider.GetServices<IReferralRows>().Select(s => s.GetType()).ToArray();

        var stores = Product.SelectMany(a => a.GetTypes()).Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IReferralRows).IsAssignableFrom(t)).ToArray();
        Assert.NotEmpty(stores);
        Assert.Equal(stores.OrderBy(t => t.Name), registered.OrderBy(t => t.Name));
    }

    [Fact]
    public void The_doc_lists_every_table()
    {
        using var provider = Services();
        var tables = provider.GetRequiredService<ReferralTables>().ByLogicalName.Select(t => t.Name);

        Assert.Equal(tables.Order(), Rows("## Tables").Select(r => Code(r[0])).Order());
    }

    [Fact]
    public void The_doc_lists_every_row_kind_of_a_referrals_partition_and_its_store()
    {
        using var provider = Services();
        var declared = provider.GetServices<IReferralRows>()
            .SelectMany(s => s.RowKeyPrefixes.Select(p => (Prefix: p, Store: s.GetType().Name)))
            .Append((Prefix: ReferralRepository.RowKey, Store: nameof(ReferralRepository)))
            .ToArray();

        var documented = Rows("## A referral's partition").Select(r => (Key: Code(r[0]), Stores: r[2])).ToArray();
        var prefixes = documented.Select(d => d.Key.Contains('|', StringComparison.Ordinal) ? d.Key[..(d.Key.IndexOf('|', StringComparison.Ordinal) + 1)] : d.Key);
        Assert.Equal(declared.Select(d => d.Prefix).Order(), prefixes.Order());
        Assert.All(declared, d => Assert.Contains(documented, row => row.Key.StartsWith(d.Prefix, StringComparison.Ordinal) && row.Stores.Contains(d.Store, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_doc_lists_every_encrypted_column_and_no_other()
    {
        var documented = Rows("## Encrypted columns")
            .Select(r => (Table: Code(r[0]), Prefix: r[1] == "every row" ? "" : Code(r[1]), Property: Code(r[2])))
            .ToArray();
        var declared = EncryptedColumn.DeclaredIn(Product).Select(c => (c.Table, Prefix: c.RowKeyPrefix, c.Property)).ToArray();

        Assert.Equal(declared.Order(), documented.Order());
    }

    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddReferralServices(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>The cells of each row of the first table under <paramref name="heading"/> (header and rule skipped).</summary>
    private static string[][] Rows(string heading)
    {
        var section = Doc[(Doc.IndexOf(heading + "\n", StringComparison.Ordinal) + heading.Length)..];
        return section.Split('\n')
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => CellSeparator().Split(l.Trim().Trim('|')).Select(c => c.Trim().Replace("\\|", "|", StringComparison.Ordinal)).ToArray())
            .ToArray();
    }

    /// <summary>The first code span of a cell.</summary>
    private static string Code(string cell) => CodeSpan().Match(cell) is { Success: true } m ? m.Groups[1].Value : throw new InvalidDataException($"No code in '{cell}'.");

    // A cell boundary is a pipe not escaped with a backslash (GitHub's tables escape it inside code too).
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();
}
