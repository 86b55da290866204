using System.Globalization;

namespace ReferralFunctions.Audit;

/// <summary>
/// Checks a chain fed to it entry by entry, in order, against the head read before the walk and against every anchored
/// head. Stops at the first break. Entries past the head are allowed (appended while the chain was being read).
/// </summary>
public sealed class AuditChainCheck
{
    /// <summary>The hash before the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private readonly byte[] key;
    private readonly long headSequence;
    private readonly string headHash;
    private readonly IReadOnlyList<AuditAnchorRecord> anchors;
    private readonly IReadOnlyList<string> unreadableAnchors;
    private readonly Dictionary<long, List<AuditAnchorRecord>> anchorsBySequence;
    private string expectedPrevious = Genesis;
    private long count;
    private bool keyedSeen;
    private AuditVerification? broken;

    /// <param name="key">The chain key.</param>
    /// <param name="headSequence">The sequence the head row named when the walk began (0 when none).</param>
    /// <param name="headHash">The hash the head row named.</param>
    /// <param name="anchors">Every anchored head.</param>
    /// <param name="unreadableAnchors">Where anchor lines could not be read (blob and line).</param>
    public AuditChainCheck(byte[] key, long headSequence, string headHash, IReadOnlyList<AuditAnchorRecord> anchors, IReadOnlyList<string>? unreadableAnchors = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(anchors);
        this.key = key;
        this.headSequence = headSequence;
        this.headHash = headHash;
        this.anchors = anchors;
        this.unreadableAnchors = unreadableAnchors ?? [];
        anchorsBySequence = anchors.GroupBy(a => a.Sequence).ToDictionary(g => g.Key, g => g.ToList());
    }

    private long AnchoredThrough => anchors.Count == 0 ? 0 : anchors.Max(a => a.Sequence);

    /// <summary>Checks the next entry; false once the chain is broken (read no further).</summary>
    public bool Add(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (broken is not null)
        {
            return false;
        }

        var sequence = count + 1;
        if (entry.Sequence != sequence)
        {
            return Break(sequence, AuditBreaks.Missing, $"entry {sequence} is missing");
        }

        if (entry.PreviousHash != expectedPrevious)
        {
            return Break(sequence, AuditBreaks.Unlinked, $"entry {sequence} does not follow entry {sequence - 1}");
        }

        if (keyedSeen && entry.Algorithm == AuditAlgorithms.Sha256)
        {
            return Break(sequence, AuditBreaks.Unkeyed, $"entry {sequence} is sealed without the key after keyed entries");
        }

        if (AuditSeal.Hash(entry, key) is not { } expected || expected != entry.Hash)
        {
            return Break(sequence, AuditBreaks.Altered, $"entry {sequence} was altered");
        }

        if (anchorsBySequence.TryGetValue(sequence, out var anchored) && anchored.FirstOrDefault(a => a.Hash != entry.Hash) is { } differing)
        {
            return Break(sequence, AuditBreaks.AnchorMismatch, Invariant($"entry {sequence} does not match the head anchored at {differing.At:O}: the chain was rewritten"));
        }

        if (sequence == headSequence && entry.Hash != headHash)
        {
            return Break(sequence, AuditBreaks.Head, $"the head names entry {headSequence} with another hash");
        }

        keyedSeen |= entry.Algorithm == AuditAlgorithms.HmacSha256;
        expectedPrevious = entry.Hash;
        count = sequence;
        return true;
    }

    /// <summary>The result once every entry has been fed.</summary>
    public AuditVerification Finish()
    {
        if (broken is not null)
        {
            return broken;
        }

        if (headSequence > count)
        {
            Break(count + 1, AuditBreaks.Head, $"the head names entry {headSequence} but the chain ends at entry {count}");
        }
        else if (AnchoredThrough > count)
        {
            var last = anchors.Where(a => a.Sequence == AnchoredThrough).Min(a => a.At);
            Break(count + 1, AuditBreaks.Truncated, Invariant($"the chain ends at entry {count} but entry {AnchoredThrough} was anchored at {last:O}: entries were removed"));
        }
        else if (unreadableAnchors.Count > 0)
        {
            Break(null, AuditBreaks.AnchorUnreadable, $"anchor {unreadableAnchors[0]} cannot be read");
        }

        return broken ?? new AuditVerification(true, count, expectedPrevious, null, null, null, anchors.Count, AnchoredThrough);
    }

    private bool Break(long? sequence, string kind, string problem)
    {
        broken = new AuditVerification(false, count, expectedPrevious, sequence, kind, problem, anchors.Count, AnchoredThrough);
        return false;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
