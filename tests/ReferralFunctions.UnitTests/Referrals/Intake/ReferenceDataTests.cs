using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.UnitTests.Referrals.Intake;

public sealed class ReferenceDataTests
{
    [Fact]
    public void Seaport_list_is_loaded_from_the_embedded_file()
    {
        Assert.True(SeaportList.Count > 1000);
        Assert.True(SeaportList.Contains("AUMEL"));
        Assert.True(SeaportList.Contains("CNSHA"));
        Assert.Equal("Shanghai", SeaportList.NameOf("CNSHA"));
        Assert.False(SeaportList.Contains("AUZZZ"));
        Assert.Null(SeaportList.NameOf("AUZZZ"));
    }

    [Fact]
    public void Catalogue_knows_declared_and_derived_codes_by_version()
    {
        Assert.Equal("2026.1", IndicatorCatalogue.CurrentVersion);
        Assert.True(IndicatorCatalogue.IsKnown("UNCOLLECTED_CONTAINER", "2026.1"));
        Assert.True(IndicatorCatalogue.IsDeclarable("INSIDER_CONCERN", "2026.1"));
        Assert.True(IndicatorCatalogue.IsKnown(IndicatorCatalogue.ContainerCheckDigitMismatch, "2026.1"));
        Assert.False(IndicatorCatalogue.IsDeclarable(IndicatorCatalogue.ContainerCheckDigitMismatch, "2026.1"));
        Assert.False(IndicatorCatalogue.IsKnown("UNCOLLECTED_CONTAINER", "1999.1"));
        Assert.False(IndicatorCatalogue.IsKnown("NOT_A_CODE", "2026.1"));
        Assert.Equal(21, IndicatorCatalogue.DeclarableCodes("2026.1").Count);
        Assert.Equal(4, IndicatorCatalogue.DerivedCodes.Count);
        Assert.All(IndicatorCatalogue.DeclarableCodes("2026.1").Concat(IndicatorCatalogue.DerivedCodes),
            code => Assert.False(string.IsNullOrWhiteSpace(IndicatorCatalogue.Describe(code, "2026.1"))));
    }

    [Theory]
    [InlineData("+61 3 9000 0000", null, true)]
    [InlineData("03 9000 0000", "AU", true)]
    [InlineData("+44 20 7946 0958", "AU", true)]
    [InlineData("12345", "AU", false)]
    [InlineData("03 9000 0000", null, false)]
    [InlineData("not a number", "CN", false)]
    public void Phone_numbers_are_checked_with_the_party_country_as_default_region(string phone, string? country, bool valid) =>
        Assert.Equal(valid, PhoneNumberCheck.IsValid(phone, country));
}
