using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>Builds JSONPath-style locations such as <c>$.parties[1]['odd key']</c>.</summary>
internal static class JsonPathText
{
    public const string Root = "$";

    public static string Property(string parent, string name) => parent + PropertySegment(name);

    public static string Index(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>Converts a JSON Pointer into a path, using the instance to tell array indexes from property names.</summary>
    public static string FromPointer(string pointer, JsonElement instance)
    {
        if (pointer.Length == 0)
        {
            return Root;
        }

        var path = new StringBuilder(Root);
        JsonElement? current = instance;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current is { ValueKind: JsonValueKind.Array } array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                current = index < array.GetArrayLength() ? array[index] : null;
            }
            else
            {
                path.Append(PropertySegment(segment));
                current = current is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out var child) ? child : null;
            }
        }

        return path.ToString();
    }

    private static string PropertySegment(string name) =>
        IsIdentifier(name)
            ? "." + name
            : "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
