using System.Globalization;
using System.Text;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>Orders paths segment by segment: names ordinally, indexes numerically (so [2] precedes [10]), parents first.</summary>
internal sealed class JsonPathComparer : IComparer<string>
{
    public static readonly JsonPathComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var left = Segments(x);
        var right = Segments(y);
        for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
        {
            var (leftName, leftIndex) = left[i];
            var (rightName, rightIndex) = right[i];
            var order = (leftName, rightName) switch
            {
                (null, null) => leftIndex.CompareTo(rightIndex),
                (null, _) => 1,
                (_, null) => -1,
                _ => string.CompareOrdinal(leftName, rightName),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return left.Count.CompareTo(right.Count);
    }

    private static List<(string? Name, int Index)> Segments(string path)
    {
        var segments = new List<(string?, int)>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 1)..end], 0));
                i = end;
            }
            else if (i + 1 < path.Length && path[i] == '[' && path[i + 1] == '\'')
            {
                var name = new StringBuilder();
                i += 2;
                while (i < path.Length && path[i] != '\'')
                {
                    if (path[i] == '\\' && i + 1 < path.Length)
                    {
                        i++;
                    }

                    name.Append(path[i++]);
                }

                segments.Add((name.ToString(), 0));
                i += 2; // closing quote and bracket
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                _ = int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index);
                segments.Add((null, index));
                i = end + 1;
            }
            else
            {
                segments.Add((path[i..], 0));
                break;
            }
        }

        return segments;
    }
}
