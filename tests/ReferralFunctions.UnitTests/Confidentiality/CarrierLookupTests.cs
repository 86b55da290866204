using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ReferralFunctions.Confidentiality;

namespace ReferralFunctions.UnitTests.Confidentiality;

/// <summary>
/// The carrier look-up value stored instead of a carrier id: stable, blind to case, useless without the key, and never
/// the same as the referrer pseudonym even under the same key.
/// </summary>
public sealed class CarrierLookupTests
{
    private const string Key = "a-carrier-lookup-key-of-at-least-32-characters";

    [Fact]
    public void The_same_carrier_under_the_same_key_always_has_the_same_value()
    {
        var value = Lookup(Key).For("ACME01");

        Assert.Equal(value, Lookup(Key).For("ACME01"));
        Assert.Matches("^[0-9a-f]{64}$", value);
        Assert.DoesNotContain("ACME01", value, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void It_is_the_keyed_HMAC_of_the_upper_case_id_bound_to_its_purpose()
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes("carrier-lookup\nACME01")));

        Assert.Equal(expected, Lookup(Key).For("acme01"));
    }

    [Theory]
    [InlineData("acme01")]
    [InlineData("Acme01")]
    [InlineData("ACME01")]
    public void Case_does_not_matter(string spelling) =>
        Assert.Equal(Lookup(Key).For("ACME01"), Lookup(Key).For(spelling));

    [Fact]
    public void Another_key_or_another_carrier_gives_another_value()
    {
        var value = Lookup(Key).For("ACME01");

        Assert.NotEqual(value, Lookup(Key + "-rotated").For("ACME01"));
        Assert.NotEqual(value, Lookup(Key).For("ACME02"));
    }

    [Fact]
    public void It_is_not_the_pseudonym_even_under_the_same_key()
    {
        var options = Options.Create(new ConfidentialityOptions { PseudonymKey = Key, CarrierLookupKey = Key });
        var pseudonym = new ReferrerPseudonyms(options).For("ACME01")["REFERRER-".Length..];

        Assert.DoesNotContain(pseudonym, new CarrierLookup(options).For("ACME01"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_development_key_is_the_default_and_a_short_key_is_refused()
    {
        Assert.Equal(ConfidentialityOptions.DevelopmentCarrierLookupKey, new ConfidentialityOptions().CarrierLookupKey);
        Assert.Contains(new ConfidentialityOptions { CarrierLookupKey = "short" }.Problems(), p => p.Contains("CarrierLookupKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_compares_whole_values()
    {
        var value = Lookup(Key).For("ACME01");

        Assert.True(CarrierLookup.Same(value, Lookup(Key).For("acme01")));
        Assert.False(CarrierLookup.Same(value, Lookup(Key).For("ACME02")));
        Assert.False(CarrierLookup.Same(value, value[..^1]));
        Assert.False(CarrierLookup.Same(value, null));
        Assert.False(CarrierLookup.Same(null, null));
    }

    private static CarrierLookup Lookup(string key) => new(Options.Create(new ConfidentialityOptions { CarrierLookupKey = key }));
}
