using System.Text.Json;
using ReferralFunctions.Backup;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// <c>restore-tables --list</c> lists the exports; <c>restore-tables &lt;exportId&gt; [--into-prefix &lt;P&gt;] [--verify-only]</c>
/// checks an export against its manifest and writes it back into the configured storage's tables (or into
/// <c>{P}{Table}</c> to inspect first), printing what it did as JSON. Exit code 0 when done, 3 when the export was
/// refused (nothing written), 2 on a usage error. The restore procedure in docs/reliability.md.
/// </summary>
public static class RestoreTablesCommand
{
    public const string Verb = "restore-tables";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? exportId = null;
        string? intoPrefix = null;
        bool list = false, verifyOnly = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--list": list = true; break;
                case "--verify-only": verifyOnly = true; break;
                case "--into-prefix" when i + 1 < args.Length: intoPrefix = args[++i]; break;
                case var id when exportId is null && !id.StartsWith('-'): exportId = id; break;
                default:
                    await error.WriteLineAsync($"Unknown argument '{args[i]}'.").ConfigureAwait(false);
                    return Usage(error);
            }
        }

        if (list == (exportId is not null))
        {
            return Usage(error);
        }

        var services = CommandServices.Build(configuration);
        await using (services.ConfigureAwait(false))
        {
            var restore = services.GetRequiredService<TableRestore>();
            try
            {
                object result = list
                    ? await restore.ListAsync(CancellationToken.None).ConfigureAwait(false)
                    : verifyOnly
                        ? await restore.VerifyAsync(exportId!, CancellationToken.None).ConfigureAwait(false)
                        : await restore.RunAsync(exportId!, intoPrefix, CancellationToken.None).ConfigureAwait(false);
                await output.WriteLineAsync(JsonSerializer.Serialize(result, Json)).ConfigureAwait(false);
                return 0;
            }
            catch (TableExportRefusedException refused)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { refused = refused.ExportId, refused.Problems }, Json)).ConfigureAwait(false);
                return 3;
            }
        }
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine($"usage: {Verb} --list | {Verb} <exportId> [--into-prefix <prefix>] [--verify-only]");
        return 2;
    }
}
