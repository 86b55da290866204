using System.Net;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>Restarting the local host keeps every stored referral and its orchestration.</summary>
public sealed class LocalHostRestartTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    [Fact]
    public async Task Referrals_and_their_waiting_orchestrations_survive_a_restart()
    {
        var references = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await host.Carrier().SubmitAsync(TestReferrals.Example());
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            references.Add((await response.JsonAsync()).GetProperty("reference").GetString()!);
        }

        foreach (var reference in references)
        {
            await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        }

        await host.StopHostAsync();
        await host.StartHostAsync();

        foreach (var reference in references)
        {
            var view = await host.Carrier().GetReferralAsync(reference);
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
            Assert.Equal("under-assessment", (await view.JsonAsync()).GetProperty("status").GetString());
            var instance = await host.Get<DurableTaskClient>().GetInstanceAsync(reference);
            Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        }

        // The restarted engine still drives the waiting orchestration on. It may first have to take over the task hub's
        // partitions from the stopped host, which on a loaded machine takes a while: hence the longer wait.
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.DecideAsync(StaffRoles.Analyst, references[0], "validation", new { decisionId = "restart-decision-1" })).StatusCode);
        await host.Get<DurableTaskClient>().WaitForStageAsync(references[0], ReferralStatus.AwaitingTriage, TimeSpan.FromSeconds(90));
        Assert.Equal(ReferralStatus.AwaitingTriage, (await host.Get<ReferralRepository>().FindAsync(references[0], CancellationToken.None))!.Status);
    }
}
