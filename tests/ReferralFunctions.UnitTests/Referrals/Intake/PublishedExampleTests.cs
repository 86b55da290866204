using System.Text.Json.Nodes;
using ReferralFunctions.UnitTests.Infrastructure;

namespace ReferralFunctions.UnitTests.Referrals.Intake;

public sealed class PublishedExampleTests
{
    [Fact]
    public void The_example_file_used_in_the_readme_is_the_contracts_example()
    {
        var file = JsonNode.Parse(RepositoryFiles.ReadAllText("docs/contract/example-referral.json"));

        Assert.True(JsonNode.DeepEquals(ReferralExamples.Published(), file), "docs/contract/example-referral.json differs from examples[0] of referral.schema.json");
    }
}
