using System.Collections.Frozen;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>The shipped seaport reference list (embedded seaports.tsv), keyed by UN/LOCODE.</summary>
public static class SeaportList
{
    private const string ResourceName = "ReferralFunctions.seaports.tsv";

    private static readonly Lazy<FrozenDictionary<string, string>> Ports = new(Load);

    public static int Count => Ports.Value.Count;

    public static bool Contains(string unLocode) => Ports.Value.ContainsKey(unLocode);

    /// <summary>The port's name, or null when the code is not in the list.</summary>
    public static string? NameOf(string unLocode) => Ports.Value.GetValueOrDefault(unLocode);

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(SeaportList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var code = tab < 0 ? line : line[..tab];
            var name = tab < 0 ? code : line[(tab + 1)..];
            ports.TryAdd(code.Trim(), name.Trim());
        }

        return ports.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
