using System.Globalization;
using System.Text;
using System.Text.Json;
using Json.Pointer;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// Field locations. Validation locates fields by JSON Pointer (JsonPointer.Net); clients read JSONPath-style text such as
/// <c>$.parties[1]['odd key']</c>, written from the pointer and the body it points into (which tells an array index from
/// a property named with digits).
/// </summary>
public static class FieldPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) => parent + PropertySegment(name);

    /// <summary>The text of <paramref name="location"/> into <paramref name="root"/>.</summary>
    public static string Text(JsonPointer location, JsonElement root)
    {
        var path = new StringBuilder(Root);
        for (var i = 0; i < location.SegmentCount; i++)
        {
            if (IndexAt(location, i, root) is { } index)
            {
                path.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                path.Append(PropertySegment(Name(location[i])));
            }
        }

        return path.ToString();
    }

    /// <summary>The top-level property a path is in (<c>agencies</c> for <c>$.agencies[2]</c>); empty for the root.</summary>
    public static string TopProperty(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith("$.", StringComparison.Ordinal))
        {
            var end = path.IndexOfAny(['.', '['], 2);
            return end < 0 ? path[2..] : path[2..end];
        }

        return path.StartsWith("$['", StringComparison.Ordinal) && path.IndexOf("']", StringComparison.Ordinal) is var close and > 3
            ? path[3..close].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : string.Empty;
    }

    /// <summary>
    /// Orders pointers into <paramref name="root"/> as their text reads: segment by segment, parents first, array indexes
    /// by number (so [2] precedes [10]) and property names ordinally.
    /// </summary>
    public static IComparer<JsonPointer> Order(JsonElement root) => Comparer<JsonPointer>.Create((x, y) =>
    {
        for (var i = 0; i < Math.Min(x.SegmentCount, y.SegmentCount); i++)
        {
            if (x[i] == y[i])
            {
                continue;
            }

            // The pointers agree up to here, so both segments are read against the same value.
            var (left, right) = (IndexAt(x, i, root), IndexAt(y, i, root));
            return (left, right) switch
            {
                ({ } l, { } r) => l.CompareTo(r),
                (null, { }) => -1,
                ({ }, null) => 1,
                _ => string.CompareOrdinal(Name(x[i]), Name(y[i])),
            };
        }

        return x.SegmentCount.CompareTo(y.SegmentCount);
    });

    /// <summary>Segment <paramref name="i"/> as an array index: when the value it is read against is an array.</summary>
    private static int? IndexAt(JsonPointer pointer, int i, JsonElement root) =>
        pointer.GetParent(pointer.SegmentCount - i)?.Evaluate(root) is { ValueKind: JsonValueKind.Array }
        && int.TryParse(pointer[i].AsSpan(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    // JsonPointer.Net keeps segments encoded (RFC 6901: ~1 is '/', ~0 is '~').
    private static string Name(JsonPointerSegment segment) =>
        segment.ToString().Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

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
