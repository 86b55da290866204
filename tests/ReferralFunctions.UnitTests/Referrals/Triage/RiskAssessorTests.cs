using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ReferralFunctions.Agencies;
using ReferralFunctions.Referrals.Triage;

namespace ReferralFunctions.UnitTests.Referrals.Triage;

public sealed class RiskAssessorTests
{
    private static RiskAssessor Assessor(IConfiguration? configuration = null) =>
        new(new AgencyDirectory(configuration ?? new ConfigurationBuilder().Build()), Options.Create(new TriageOptions()));

    private static RiskAssessmentInput WorkedExample(bool validated = true, string trust = "standard") => new(
        "suspicious-shipment",
        ["UNCOLLECTED_CONTAINER", "PARTY_UNCONTACTABLE", "INVALID_CONSIGNEE_PHONE", "INVALID_CONSIGNEE_ADDRESS"],
        [],
        trust,
        56,
        "AUMEL",
        ["AUMEL", "CNSHA"],
        validated,
        1);

    [Fact]
    public void The_worked_example_is_high_priority_for_the_police_with_every_point_explained()
    {
        var assessment = Assessor().Assess(WorkedExample());

        Assert.Equal("high", assessment.Priority);
        Assert.Contains("POLICE", assessment.ProposedAgencies);
        Assert.Equal(assessment.Score, assessment.Reasons.Sum(r => r.Points));
        Assert.All(assessment.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Explanation)));
        Assert.Contains(assessment.Reasons, r => r.Factor == "pattern:abandoned-container");
        Assert.Contains(assessment.Reasons, r => r.Factor == "days-uncollected" && r.Explanation.Contains("56 days", StringComparison.Ordinal));
        Assert.Equal("re-examination", assessment.ProposedTreatment);
    }

    [Fact]
    public void A_trusted_carrier_and_a_forged_container_number_raise_it_to_critical()
    {
        var input = WorkedExample(trust: "trusted") with { DerivedIndicators = ["CONTAINER_CHECK_DIGIT_MISMATCH"] };

        var assessment = Assessor().Assess(input);

        Assert.Equal("critical", assessment.Priority);
        Assert.Equal("unpack", assessment.ProposedTreatment);
        Assert.Contains(assessment.Reasons, r => r.Explanation.StartsWith("Derived from the data", StringComparison.Ordinal));
    }

    [Fact]
    public void A_weak_signal_is_low_priority_to_monitor_and_goes_only_to_agencies_that_take_everything()
    {
        var assessment = Assessor().Assess(new RiskAssessmentInput("suspicious-activity", ["OTHER"], [], "new", null, "AUMEL", ["AUMEL"], false, 0));

        Assert.Equal("low", assessment.Priority);
        Assert.Equal("monitor", assessment.ProposedTreatment);
        Assert.Empty(assessment.ProposedAgencies);
        Assert.Equal(0, assessment.Score);
    }

    [Theory]
    [InlineData(24, "low")]
    [InlineData(25, "medium")]
    [InlineData(44, "medium")]
    [InlineData(45, "high")]
    [InlineData(74, "high")]
    [InlineData(75, "critical")]
    public void Scores_map_to_priorities_at_the_configured_thresholds(int score, string priority)
    {
        var options = new TriageOptions();
        options.IndicatorWeights["OTHER"] = score;
        var assessor = new RiskAssessor(new AgencyDirectory(new ConfigurationBuilder().Build()), Options.Create(options));

        var assessment = assessor.Assess(new RiskAssessmentInput("other", ["OTHER"], [], "standard", null, "AUMEL", [], false, 0));

        Assert.Equal(score, assessment.Score);
        Assert.Equal(priority, assessment.Priority);
    }

    [Fact]
    public void The_same_input_gives_the_same_assessment()
    {
        var a = Assessor().Assess(WorkedExample());
        var b = Assessor().Assess(WorkedExample() with { DeclaredIndicators = [.. WorkedExample().DeclaredIndicators.Reverse()] });

        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.Reasons, b.Reasons);
        Assert.Equal(a.ProposedAgencies, b.ProposedAgencies);
    }
}

public sealed class AgencyDirectoryTests
{
    [Fact]
    public void Agencies_come_from_the_json_app_setting_as_the_bicep_sets_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Referrals:Agencies"] = """[{"code":"POLICE","name":"National Police","offshore":false,"categories":["*"],"ports":["*"],"priorities":["critical","high"]}]""",
        }).Build();

        var directory = new AgencyDirectory(configuration);

        var police = Assert.Single(directory.All);
        Assert.Equal(("POLICE", "National Police", false), (police.Code, police.Name, police.Offshore));
        Assert.Single(directory.Select("suspicious-shipment", ["AUMEL"], "high"));
        Assert.Empty(directory.Select("suspicious-shipment", ["AUMEL"], "low"));
    }

    [Fact]
    public void Agencies_come_from_a_configuration_array_and_match_ports_and_categories()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Referrals:Agencies:0:Code"] = "PORT-MEL",
            ["Referrals:Agencies:0:Categories:0"] = "container-integrity",
            ["Referrals:Agencies:0:Ports:0"] = "aumel",
            ["Referrals:Agencies:0:Priorities:0"] = "*",
            ["Referrals:Agencies:1:Code"] = "NOTHING",
        }).Build();

        var directory = new AgencyDirectory(configuration);

        Assert.Equal(2, directory.All.Count);
        Assert.Equal(["PORT-MEL"], directory.Select("container-integrity", ["CNSHA", "AUMEL"], "low").Select(a => a.Code));
        Assert.Empty(directory.Select("container-integrity", ["CNSHA"], "low"));
        Assert.Empty(directory.Select("suspicious-shipment", ["AUMEL"], "low"));
        Assert.NotNull(directory.Find("port-mel"));
    }

    [Fact]
    public void Without_configuration_the_local_defaults_are_used()
    {
        var directory = new AgencyDirectory(new ConfigurationBuilder().Build());
        Assert.Equal(["POLICE", "BORDER-PARTNER", "BIOSECURITY"], directory.All.Select(a => a.Code));
    }
}
