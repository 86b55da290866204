using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.UnitTests.Referrals.Intake;

public sealed class CheckDigitTests
{
    [Theory]
    [InlineData("MSKU1234565")]
    [InlineData("CSQU3054383")]
    [InlineData("TGHU1234567")]
    [InlineData("MSCU1234566")]
    [InlineData("HLXU1234561")]
    public void Container_numbers_with_the_right_check_digit_are_valid(string number) =>
        Assert.True(ContainerNumber.HasValidCheckDigit(number));

    [Theory]
    [InlineData("MSKU1234566")]
    [InlineData("CSQU3054384")]
    [InlineData("TGHU1234560")]
    public void Container_numbers_with_a_wrong_check_digit_are_invalid(string number)
    {
        Assert.True(ContainerNumber.IsWellFormed(number));
        Assert.False(ContainerNumber.HasValidCheckDigit(number));
    }

    [Theory]
    [InlineData("MSKU123456")]
    [InlineData("MSKX1234565")]
    [InlineData("msku1234565")]
    [InlineData("MSKU12345655")]
    [InlineData("")]
    public void Malformed_container_numbers_are_not_well_formed(string number)
    {
        Assert.False(ContainerNumber.IsWellFormed(number));
        Assert.False(ContainerNumber.HasValidCheckDigit(number));
    }

    [Fact]
    public void A_remainder_of_ten_gives_check_digit_zero()
    {
        // Find a serial whose weighted sum leaves 10 mod 11; its check digit must be written as 0.
        var serial = Enumerable.Range(0, 100)
            .Select(i => $"ABCU{i:000000}")
            .First(s => Sum(s) % 11 == 10);
        Assert.Equal(0, ContainerNumber.ComputeCheckDigit(serial));
    }

    [Theory]
    [InlineData("9074729")]
    [InlineData("9176187")]
    [InlineData("9321483")]
    public void Imo_numbers_with_the_right_check_digit_are_valid(string number) =>
        Assert.True(ImoNumber.HasValidCheckDigit(number));

    [Theory]
    [InlineData("9074728")]
    [InlineData("9176188")]
    public void Imo_numbers_with_a_wrong_check_digit_are_invalid(string number)
    {
        Assert.True(ImoNumber.IsWellFormed(number));
        Assert.False(ImoNumber.HasValidCheckDigit(number));
    }

    [Theory]
    [InlineData("907472")]
    [InlineData("90747290")]
    [InlineData("IMO9074")]
    public void Malformed_imo_numbers_are_not_well_formed(string number) =>
        Assert.False(ImoNumber.IsWellFormed(number));

    // Independent restatement of ISO 6346 for the test above: letter values listed out, weights 2^i.
    private static int Sum(string firstTen)
    {
        const string letters = "A10B12C13D14E15F16G17H18I19J20K21L23M24N25O26P27Q28R29S30T31U32V34W35X36Y37Z38";
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = firstTen[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : int.Parse(letters.AsSpan(letters.IndexOf(c, StringComparison.Ordinal) + 1, 2), System.Globalization.CultureInfo.InvariantCulture);
            sum += value << i;
        }

        return sum;
    }
}
