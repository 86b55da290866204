using ReferralFunctions.Http;

namespace ReferralFunctions.UnitTests.Http;

public sealed class EntityTagsTests
{
    private const string Stored = "W/\"datetime'2026-03-01T10%3A00%3A00.1234567Z'\"";
    private const string Strong = "\"datetime'2026-03-01T10%3A00%3A00.1234567Z'\"";

    [Fact]
    public void The_tag_handed_out_is_the_storage_tag_without_the_weak_marker() =>
        Assert.Equal(Strong, EntityTags.ToStrong(Stored));

    [Theory]
    [InlineData(Strong, true)]
    [InlineData(Stored, true)]
    [InlineData(" " + Strong + " ", true)]
    [InlineData("\"datetime'2026-03-01T10%3A00%3A00.1234568Z'\"", false)]
    [InlineData("W/\"datetime'2026-03-01T10%3A00%3A00.1234568Z'\"", false)]
    [InlineData("*", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void If_match_accepts_the_strong_and_the_old_weak_form_of_the_current_tag_only(string? ifMatch, bool matches) =>
        Assert.Equal(matches, EntityTags.Matches(ifMatch, Stored));

    [Fact]
    public void A_row_without_a_tag_matches_nothing() => Assert.False(EntityTags.Matches("\"\"", ""));
}
