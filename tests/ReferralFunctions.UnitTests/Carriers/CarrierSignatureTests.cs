using System.Text;
using ReferralFunctions.Carriers;

namespace ReferralFunctions.UnitTests.Carriers;

public sealed class CarrierSignatureTests
{
    // The worked example published in the README for partner developers; computed independently (Python hmac).
    [Fact]
    public void The_published_worked_example_verifies()
    {
        var signature = CarrierSignature.Sign("example-secret-of-at-least-32-bytes", 1764000000, "n0nce-EXAMPLE-000001", "POST", "/api/v1/referrals", Encoding.UTF8.GetBytes("{\"hello\":\"world\"}"));

        Assert.Equal("v1=cddfb7647f5d0e6a3bc03d7d877d68fe09ba6170c5622d9517fbed55c3d0dccc", signature);
    }

    [Fact]
    public void The_canonical_string_has_the_documented_shape()
    {
        var canonical = CarrierSignature.CanonicalString(1764000000, "n0nce-EXAMPLE-000001", "post", "/api/v1/referrals?a=1", Encoding.UTF8.GetBytes("{\"hello\":\"world\"}"));

        Assert.Equal("1764000000\nn0nce-EXAMPLE-000001\nPOST\n/api/v1/referrals?a=1\n93a23971a914e5eacbf0a8d25154cda309c3c1c72fbb9914d47c60f3cb681588", canonical);
    }

    [Fact]
    public void The_readme_prints_the_same_worked_example()
    {
        var readme = Infrastructure.RepositoryFiles.ReadAllText("README.md");

        Assert.Contains("v1=cddfb7647f5d0e6a3bc03d7d877d68fe09ba6170c5622d9517fbed55c3d0dccc", readme, StringComparison.Ordinal);
        Assert.Contains(LocalCarrierSecretStore.DevelopmentDemoSecret, readme, StringComparison.Ordinal);
    }
}
