using System.Text.Json;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// A decision accepted and stored whose event never reaches the orchestration (a crash between the two, or an event the
/// engine drops) is still acted on: at the wait's next timer the workflow finds it in storage.
/// </summary>
public sealed class LostEventTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_stored_decision_without_its_event_moves_the_workflow_at_the_next_timer()
    {
        var reference = (await (await host.Carrier().SubmitAsync(TestReferrals.Example())).JsonAsync()).GetProperty("reference").GetString()!;
        var durable = host.Get<DurableTaskClient>();
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        var referrals = host.Get<ReferralRepository>();
        var referral = (await referrals.FindAsync(reference, CancellationToken.None))!;

        // Accepted exactly as the endpoint does, but the event is never raised.
        var decision = new StaffDecision("d-lost-" + Guid.NewGuid().ToString("N")[..12], DecisionKinds.Validation, "staff:ana.lyst", "analyst");
        var accepted = await host.Get<DecisionStore>().AcceptAsync(reference, referral.ETag, new DecisionRecord(
            decision.DecisionId, decision.Kind, decision.Actor, DateTimeOffset.UtcNow,
            JsonSerializer.Serialize(decision, Json), "{}"), CancellationToken.None);
        Assert.True(accepted.Accepted);

        // The validation wait's reminder timer is 2 s here: the workflow finds the decision and moves on, validated.
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingTriage, TimeSpan.FromSeconds(30));
        var (view, _) = await new StaffClient(host.Http, "ana.lyst", Staff.StaffRoles.Analyst).ReferralAsync(reference);
        Assert.Equal("validated", view.GetProperty("facts").GetProperty("ValidationOutcome").GetString());
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("action").GetString() == "Marked validated by an analyst");
    }
}
