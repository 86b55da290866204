using System.Text.Json;
using ReferralFunctions.Backup;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// <c>export-tables</c>: runs the daily table export now against the configured storage (e.g. before a risky
/// operation) and prints its manifest as JSON.
/// </summary>
public static class ExportTablesCommand
{
    public const string Verb = "export-tables";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var services = CommandServices.Build(configuration);
        await using (services.ConfigureAwait(false))
        {
            var manifest = await services.GetRequiredService<TableExport>().RunAsync(CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(manifest, Json)).ConfigureAwait(false);
            return 0;
        }
    }
}
