using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReferralFunctions.Http;

/// <summary>The JSON paths field errors name (<c>$.agencies[2]</c>, <c>$['odd key']</c>), from JSON Pointers.</summary>
internal static partial class JsonPaths
{
    public const string Root = "$";

    /// <summary>The path of the value <paramref name="pointer"/> names in <paramref name="root"/>: array items by index.</summary>
    public static string FromPointer(string pointer, JsonElement root)
    {
        var path = Root;
        JsonElement? current = root;
        foreach (var segment in Segments(pointer))
        {
            if (current is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path += $"[{index}]";
                current = index < array.GetArrayLength() ? array[index] : null;
            }
            else
            {
                path = Property(path, segment);
                current = current is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(segment, out var child) ? child : null;
            }
        }

        return path;
    }

    public static string Property(string path, string name) =>
        Identifier().IsMatch(name) ? path + "." + name : path + "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";

    /// <summary>The top-level property a path is in (<c>agencies</c> for <c>$.agencies[2]</c>); empty for the root.</summary>
    public static string TopProperty(string path)
    {
        if (path.StartsWith("$.", StringComparison.Ordinal))
        {
            var end = path.IndexOfAny(['.', '['], 2);
            return end < 0 ? path[2..] : path[2..end];
        }

        return path.StartsWith("$['", StringComparison.Ordinal) && path.IndexOf("']", StringComparison.Ordinal) is var close and > 3
            ? path[3..close].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : string.Empty;
    }

    /// <summary>Follows a JSON Pointer through <paramref name="element"/>; null when it leads nowhere.</summary>
    public static JsonElement? Locate(JsonElement element, string pointer)
    {
        JsonElement? current = element;
        foreach (var segment in Segments(pointer))
        {
            current = current switch
            {
                { ValueKind: JsonValueKind.Object } o when o.TryGetProperty(segment, out var child) => child,
                { ValueKind: JsonValueKind.Array } a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.GetArrayLength() => a[i],
                _ => null,
            };
        }

        return current;
    }

    private static IEnumerable<string> Segments(string pointer) => pointer.Length == 0
        ? []
        : pointer.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
