using ReferralFunctions.Confidentiality;
using ReferralFunctions.Staff;

namespace ReferralFunctions.UnitTests.Confidentiality;

/// <summary><c>Confidentiality:RevealRoles</c>: which staff roles may reveal who referred.</summary>
public sealed class RevealRolesTests
{
    [Fact]
    public void By_default_analysts_and_supervisors_may_reveal_and_coordinators_may_not()
    {
        var options = new ConfidentialityOptions();

        Assert.Equal([StaffRoles.Analyst, StaffRoles.Supervisor], options.RevealRoleList);
        Assert.Empty(options.Problems());
    }

    [Theory]
    [InlineData(" supervisor ", new[] { StaffRoles.Supervisor })]
    [InlineData("", new string[0])]
    [InlineData("analyst,,coordinator", new[] { StaffRoles.Analyst, StaffRoles.Coordinator })]
    public void The_setting_is_a_comma_separated_list_of_roles(string setting, string[] roles)
    {
        var options = new ConfidentialityOptions { RevealRoles = setting };

        Assert.Equal(roles, options.RevealRoleList);
        Assert.Empty(options.Problems());
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("analyst,Supervisor")]
    public void An_unknown_role_is_refused_at_start(string setting)
    {
        var options = new ConfidentialityOptions { RevealRoles = setting };

        Assert.Contains(options.Problems(), p => p.StartsWith("Confidentiality:RevealRoles", StringComparison.Ordinal));
    }
}
