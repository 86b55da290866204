using System.Text.Json;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>
/// In Azure the Durable Functions extension stamps new instances with host.json's <c>defaultVersion</c>; the local host
/// uses <see cref="WorkflowVersion.Current"/>. They must agree, or the two hosts start referrals on different paths.
/// </summary>
public sealed class WorkflowVersionConfigTests
{
    [Fact]
    public void Host_json_starts_new_instances_under_the_current_workflow_version_and_rejects_newer_ones()
    {
        using var hostJson = JsonDocument.Parse(RepositoryFiles.ReadAllText("host.json"));
        var durable = hostJson.RootElement.GetProperty("extensions").GetProperty("durableTask");

        Assert.Equal(WorkflowVersion.Current, durable.GetProperty("defaultVersion").GetString());

        // A worker of an older deployment leaves an instance of a newer version alone instead of failing it.
        Assert.Equal("CurrentOrOlder", durable.GetProperty("versionMatchStrategy").GetString());
        Assert.Equal("Reject", durable.GetProperty("versionFailureStrategy").GetString());
    }
}
