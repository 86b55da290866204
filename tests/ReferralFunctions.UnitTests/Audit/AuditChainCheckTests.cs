using System.Text;
using ReferralFunctions.Audit;

namespace ReferralFunctions.UnitTests.Audit;

/// <summary>The chain check on its own: seals, links, the switch from unkeyed to keyed entries, the head and anchors.</summary>
public sealed class AuditChainCheckTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("unit-test-audit-chain-key-0123456789abcdef");
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_keyed_chain_with_matching_head_and_anchors_is_intact()
    {
        var chain = Chain(5);

        var result = Check(chain, Anchor(chain[1]), Anchor(chain[4]));

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(5, result.Entries);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
        Assert.Equal(2, result.Anchors);
        Assert.Equal(5, result.AnchoredThrough);
    }

    [Fact]
    public void An_unkeyed_prefix_followed_by_keyed_entries_is_intact()
    {
        var chain = Chain(6, unkeyed: 3);

        Assert.Equal(AuditAlgorithms.Sha256, chain[2].Algorithm);
        Assert.Equal(AuditAlgorithms.HmacSha256, chain[3].Algorithm);
        Assert.True(Check(chain, Anchor(chain[2])).Intact);
    }

    [Fact]
    public void An_unkeyed_entry_after_a_keyed_one_is_a_break_even_when_correctly_hashed()
    {
        var chain = Chain(4, unkeyed: 1);
        chain[2] = AuditSeal.Seal(chain[2] with { Algorithm = AuditAlgorithms.Sha256 }, []);
        chain[3] = AuditSeal.Seal(chain[3] with { PreviousHash = chain[2].Hash }, Key);

        AssertBroken(Check(chain), 3, AuditBreaks.Unkeyed);
    }

    [Fact]
    public void Sealed_with_another_key_is_altered_from_the_first_keyed_entry()
    {
        var chain = Chain(3, key: Encoding.UTF8.GetBytes("some-other-key-that-is-long-enough-000000"));

        AssertBroken(Check(chain), 1, AuditBreaks.Altered);
    }

    [Fact]
    public void An_edited_field_or_an_unknown_algorithm_is_altered()
    {
        var chain = Chain(3);
        chain[1] = chain[1] with { Purpose = "something else" };
        AssertBroken(Check(chain), 2, AuditBreaks.Altered);

        chain = Chain(3);
        chain[1] = chain[1] with { Algorithm = "md5" };
        AssertBroken(Check(chain), 2, AuditBreaks.Altered);
    }

    [Fact]
    public void The_algorithm_is_bound_into_a_keyed_seal() =>
        Assert.NotEqual(
            AuditSeal.Hash(Chain(1)[0], Key),
            AuditSeal.Hash(Chain(1)[0] with { Algorithm = AuditAlgorithms.Sha256 }, Key));

    [Fact]
    public void A_missing_or_unlinked_entry_is_named()
    {
        var chain = Chain(4);
        chain.RemoveAt(1);
        AssertBroken(Check(chain, head: (4, "")), 2, AuditBreaks.Missing);

        chain = Chain(4);
        chain[2] = AuditSeal.Seal(chain[2] with { PreviousHash = AuditChainCheck.Genesis }, Key);
        AssertBroken(Check(chain), 3, AuditBreaks.Unlinked);
    }

    [Fact]
    public void A_head_past_the_end_or_naming_another_hash_is_a_break_but_entries_past_the_head_are_not()
    {
        var chain = Chain(4);
        AssertBroken(Check(chain[..3], head: (4, chain[3].Hash)), 4, AuditBreaks.Head);
        AssertBroken(Check(chain, head: (2, chain[3].Hash)), 2, AuditBreaks.Head);
        Assert.True(Check(chain, head: (2, chain[1].Hash)).Intact);
    }

    [Fact]
    public void A_chain_resealed_with_the_key_after_an_anchor_fails_at_that_anchor()
    {
        var original = Chain(6);
        var anchors = new[] { Anchor(original[2]), Anchor(original[4]) };
        var rewritten = Reseal(original, from: 4, e => e with { Actor = "staff:someone-else" }, AuditAlgorithms.HmacSha256);

        Assert.True(Check(rewritten).Intact);
        AssertBroken(Check(rewritten, anchors), 5, AuditBreaks.AnchorMismatch);
    }

    [Fact]
    public void A_whole_chain_rewritten_unkeyed_passes_on_its_own_but_not_against_an_anchor()
    {
        var original = Chain(3);
        var downgraded = Reseal(original, from: 1, e => e with { Purpose = "rewritten" }, AuditAlgorithms.Sha256);

        Assert.True(Check(downgraded).Intact);
        AssertBroken(Check(downgraded, Anchor(original[1])), 2, AuditBreaks.AnchorMismatch);
    }

    [Fact]
    public void A_chain_shorter_than_its_highest_anchor_is_truncated()
    {
        var chain = Chain(5);
        var anchors = new[] { Anchor(chain[4]) };

        var result = Check(chain[..3], head: (3, chain[2].Hash), anchors: anchors);

        AssertBroken(result, 4, AuditBreaks.Truncated);
        Assert.Equal(5, result.AnchoredThrough);
        Assert.Equal(3, result.Entries);
    }

    [Fact]
    public void An_unreadable_anchor_line_is_reported()
    {
        var chain = Chain(2);
        var check = new AuditChainCheck(Key, 2, chain[1].Hash, [], ["2026-03-01.jsonl line 4"]);
        chain.ForEach(e => check.Add(e));

        var result = check.Finish();

        Assert.False(result.Intact);
        Assert.Equal(AuditBreaks.AnchorUnreadable, result.Break);
        Assert.Contains("2026-03-01.jsonl line 4", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unkeyed_seal_is_the_one_chains_were_written_with_before_the_key()
    {
        // SHA-256 of the canonical JSON the unkeyed chain sealed, worked out independently of the code: entries written
        // before the chain was keyed must still verify.
        var legacy = new AuditEntry(1, Start, "carrier:DEMO", "carrier", AuditActions.ReferralReceived, "RF-2026-ABCD-EFGH", "referral submitted", null, AuditChainCheck.Genesis, "", AuditAlgorithms.Sha256);

        Assert.Equal("bd472f1de79aadfed216b701a0dc8346eafa159609adc4a4ecfa860e6de0579d", AuditSeal.Hash(legacy, Key));
    }

    private static List<AuditEntry> Chain(int length, int unkeyed = 0, byte[]? key = null)
    {
        var chain = new List<AuditEntry>();
        var previous = AuditChainCheck.Genesis;
        for (var i = 1; i <= length; i++)
        {
            var algorithm = i <= unkeyed ? AuditAlgorithms.Sha256 : AuditAlgorithms.HmacSha256;
            var entry = AuditSeal.Seal(
                new AuditEntry(i, Start.AddMinutes(i), "staff:ana.lyst", "analyst", AuditActions.ReferralRead, "RF-2026-ABCD-EFGH", "review", "n=" + i, previous, "", algorithm),
                key ?? Key);
            chain.Add(entry);
            previous = entry.Hash;
        }

        return chain;
    }

    private static List<AuditEntry> Reseal(List<AuditEntry> chain, long from, Func<AuditEntry, AuditEntry> change, string algorithm)
    {
        var result = chain.Where(e => e.Sequence < from).ToList();
        var previous = result.Count == 0 ? AuditChainCheck.Genesis : result[^1].Hash;
        foreach (var entry in chain.Where(e => e.Sequence >= from))
        {
            var changed = (entry.Sequence == from ? change(entry) : entry) with { PreviousHash = previous, Algorithm = algorithm };
            var sealedEntry = AuditSeal.Seal(changed, Key);
            result.Add(sealedEntry);
            previous = sealedEntry.Hash;
        }

        return result;
    }

    private static AuditAnchorRecord Anchor(AuditEntry entry) => new(entry.Sequence, entry.Hash, entry.At.AddSeconds(30));

    private static AuditVerification Check(List<AuditEntry> chain, params AuditAnchorRecord[] anchors) =>
        Check(chain, (chain.Count == 0 ? 0 : chain[^1].Sequence, chain.Count == 0 ? AuditChainCheck.Genesis : chain[^1].Hash), anchors);

    private static AuditVerification Check(List<AuditEntry> chain, (long Sequence, string Hash) head, params AuditAnchorRecord[] anchors)
    {
        var check = new AuditChainCheck(Key, head.Sequence, head.Hash, anchors);
        foreach (var entry in chain)
        {
            if (!check.Add(entry))
            {
                break;
            }
        }

        return check.Finish();
    }

    private static void AssertBroken(AuditVerification result, long sequence, string kind)
    {
        Assert.False(result.Intact);
        Assert.Equal(kind, result.Break);
        Assert.Equal(sequence, result.BrokenAt);
        Assert.False(string.IsNullOrEmpty(result.Problem));
    }
}
