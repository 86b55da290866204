using System.Net;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReferralFunctions.Audit;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Retention;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// Retention on the real engine and storage, with the sweep's clock moved forward: a closed referral's orchestration
/// history is purged after the history period while its record and audit trail stay; past the retention period the
/// referral is deleted everywhere, with an audit entry saying so; an open workflow past retention is ended first.
/// </summary>
public sealed class RetentionTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    [Fact]
    public async Task History_is_purged_after_its_period_and_referrals_are_deleted_after_theirs_with_an_audit_entry()
    {
        var durable = host.Get<DurableTaskClient>();
        var closed = (await ConfidentialRun.RunAsync(host)).Reference;
        var coordinator = new StaffClient(host.Http, "coral.coordinator", StaffRoles.Coordinator);
        Assert.Equal(HttpStatusCode.Accepted, (await coordinator.DecideAsync(StaffRoles.Coordinator, closed, "analysis-schedule", new { decisionId = StaffClient.NewDecisionId(), scheduledFor = DateTimeOffset.UtcNow.AddDays(7) })).StatusCode);
        await durable.WaitForStageAsync(closed, ReferralStatus.InPostIncidentAnalysis);
        Assert.Equal(HttpStatusCode.Accepted, (await coordinator.DecideAsync(StaffRoles.Coordinator, closed, "analysis", new { decisionId = StaffClient.NewDecisionId(), findings = "Agent without due diligence", lessons = "Check agents" })).StatusCode);
        await WaitForAsync(async () => (await durable.GetInstanceAsync(closed))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        var open = (await (await host.Carrier().SubmitAsync(TestReferrals.Example())).JsonAsync()).GetProperty("reference").GetString()!;
        await durable.WaitForStageAsync(open, ReferralStatus.AwaitingValidation);

        // A month on: the closed referral's history goes; the open one's stays; the record is still complete.
        var month = await Sweep(TimeSpan.FromDays(31)).RunAsync(durable, CancellationToken.None);
        Assert.Equal((1, 0, 0), (month.HistoriesPurged, month.ReferralsDeleted, month.WorkflowsTerminated));
        Assert.True(month.NoncesDeleted >= 3, "every signed request's nonce is more than a day old by then");
        await foreach (var nonce in host.Get<ReferralTables>().CarrierNonces.QueryAsync<TableEntity>())
        {
            Assert.Fail($"nonce {nonce.RowKey} outlived the sweep");
        }
        Assert.Null(await durable.GetInstanceAsync(closed));
        Assert.NotNull(await durable.GetInstanceAsync(open));
        var (view, _) = await Supervisor.ReferralAsync(closed, StaffRoles.Supervisor);
        Assert.Equal(nameof(ReferralStatus.Closed), view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("timeline").GetArrayLength() > 8);
        Assert.Equal(new RetentionResult(0, 0, 0, 0), await Sweep(TimeSpan.FromDays(32)).RunAsync(durable, CancellationToken.None) with { NoncesDeleted = 0 });

        // A row no store claims (written by an older version) goes with its referral too.
        foreach (var reference in new[] { closed, open })
        {
            await host.Get<ReferralTables>().Referrals.UpsertEntityAsync(new TableEntity(reference, "legacy|0001") { ["Note"] = "from an older version" });
        }

        // Each has its row in the staff queue's index, in the partition of its status, until retention deletes it.
        foreach (var (reference, status) in new[] { (closed, ReferralStatus.Closed), (open, ReferralStatus.AwaitingValidation) })
        {
            var indexed = 0;
            await foreach (var row in host.Get<ReferralTables>().StaffQueue.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ReferralId eq {reference}")))
            {
                Assert.Equal(status.ToString(), row.PartitionKey);
                indexed++;
            }

            Assert.Equal(1, indexed);
        }

        // Past retention: the closed referral is deleted; the open workflow is ended first and deleted on the next sweep.
        var years = Sweep(TimeSpan.FromDays(7 * 365 + 1));
        Assert.Equal(new RetentionResult(0, 1, 1, 0), await years.RunAsync(durable, CancellationToken.None) with { NoncesDeleted = 0 });
        await WaitForAsync(async () => (await durable.GetInstanceAsync(open))?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated);
        Assert.Equal(new RetentionResult(0, 1, 0, 0), await years.RunAsync(durable, CancellationToken.None) with { NoncesDeleted = 0 });

        foreach (var reference in new[] { closed, open })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Supervisor.GetAsync($"/api/v1/supervisor/referrals/{reference}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier().GetReferralAsync(reference)).StatusCode);
            Assert.Null(await durable.GetInstanceAsync(reference));
            var tables = host.Get<ReferralTables>();
            foreach (var table in new[] { tables.Referrals, tables.Idempotency, tables.Reminders, tables.OutboundMessages, tables.StaffQueue })
            {
                var filter = table == tables.Referrals ? TableClient.CreateQueryFilter($"PartitionKey eq {reference}") : TableClient.CreateQueryFilter($"ReferralId eq {reference}");
                await foreach (var row in table.QueryAsync<TableEntity>(filter))
                {
                    Assert.Fail($"{table.Name} still holds {row.PartitionKey}/{row.RowKey} of a deleted referral");
                }
            }

            // The audit trail keeps the referral's history of access, ending with its deletion.
            var audit = await (await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={reference}")).JsonAsync();
            var last = audit.EnumerateArray().Last(e => e.GetProperty("action").GetString() != AuditActions.AuditRead);
            Assert.Equal(AuditActions.ReferralDeleted, last.GetProperty("action").GetString());
            Assert.Equal("retention period ended", last.GetProperty("purpose").GetString());
        }

        Assert.Contains(AuditActions.HistoryPurged, (await (await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={closed}")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True((await (await Supervisor.GetAsync("/api/v1/supervisor/audit/verification")).JsonAsync()).GetProperty("intact").GetBoolean());
    }

    private RetentionSweep Sweep(TimeSpan later) => new(
        host.Get<ReferralQueries>(),
        host.Get<ReferralRepository>(),
        host.Get<ReferralPurge>(),
        host.Get<ReferralTables>(),
        host.Get<AuditTrail>(),
        new FakeTimeProvider(DateTimeOffset.UtcNow + later),
        host.Get<IOptions<RetentionOptions>>(),
        NullLogger<RetentionSweep>.Instance);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
