using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Staff;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>
/// The staff queue read from its index, through the real path (signed submissions, the durable workflow, storage, the
/// queue endpoint): pages follow the continuation token without duplicates or gaps in due-date order, filters narrow
/// them, items say what they wait for and whether that is overdue, and a referral moves between status partitions as the
/// workflow moves it. Deadlines are seconds long (<see cref="WorkflowHostFixture"/>): validation lapses, triage waits
/// past its SLA.
/// </summary>
public sealed class StaffQueueTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private const string Queue = "/api/v1/analyst/referrals";

    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    [Fact]
    public async Task Pages_filters_due_dates_and_moves_between_statuses_come_from_the_index()
    {
        var durable = host.Get<DurableTaskClient>();
        var references = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            references.Add((await submitted.JsonAsync()).GetProperty("reference").GetString()!);
        }

        // Validation lapses after seconds; triage then waits, past its SLA of seconds, for an analyst.
        foreach (var reference in references)
        {
            await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingTriage, TimeSpan.FromSeconds(60));
        }

        var slaPassed = DateTimeOffset.UtcNow.AddSeconds(5);
        await Task.Delay(slaPassed - DateTimeOffset.UtcNow);

        // Three pages of two, followed by token: every referral once, in due-date order, each overdue for an analyst.
        var (items, pages) = await AllPagesAsync($"{Queue}?status=AwaitingTriage&pageSize=2");
        Assert.Equal(3, pages);
        Assert.Equal(references.Order(), items.Select(i => i.GetProperty("reference").GetString()!).Order());
        var dues = items.Select(i => i.GetProperty("dueAt").GetDateTimeOffset()).ToArray();
        Assert.Equal(dues.Order(), dues);
        Assert.All(items, item =>
        {
            Assert.Equal(nameof(ReferralStatus.AwaitingTriage), item.GetProperty("status").GetString());
            Assert.Equal([DecisionKinds.Triage], item.GetProperty("openDecisions").EnumerateArray().Select(d => d.GetString()));
            var waiting = Assert.Single(item.GetProperty("waitingFor").EnumerateArray());
            Assert.Equal((DecisionKinds.Triage, StaffRoles.Analyst), (waiting.GetProperty("decision").GetString(), waiting.GetProperty("role").GetString()));
            Assert.True(item.GetProperty("dueAt").GetDateTimeOffset() < DateTimeOffset.UtcNow);
            Assert.True(item.GetProperty("overdue").GetBoolean());
            Assert.True(item.TryGetProperty("proposedPriority", out _) && item.TryGetProperty("category", out _) && item.TryGetProperty("receivedAt", out _));
        });

        // dueBefore is strict; priority narrows to the (proposed) priority.
        var (dueBeforeFirst, _) = await AllPagesAsync($"{Queue}?status=AwaitingTriage&dueBefore={Uri.EscapeDataString(dues[1].ToString("O"))}");
        Assert.Equal(dues.Count(d => d < dues[1]), dueBeforeFirst.Count);
        var proposed = items[0].GetProperty("proposedPriority").GetString()!;
        var other = new[] { "critical", "high", "medium", "low" }.First(p => p != proposed);
        Assert.Equal(items.Count(i => i.GetProperty("proposedPriority").GetString() == proposed), (await AllPagesAsync($"{Queue}?status=AwaitingTriage&priority={proposed}")).Items.Count);
        Assert.Empty((await AllPagesAsync($"{Queue}?status=AwaitingTriage&priority={other}")).Items);

        // Triage moves one referral on: it leaves the AwaitingTriage partition and appears where the workflow put it, waiting for treatment, not yet due.
        var moved = references[0];
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, moved, "triage", new { decisionId = StaffClient.NewDecisionId(), decision = "approve" })).StatusCode);
        await durable.WaitForStageAsync(moved, ReferralStatus.AgenciesNotified, TimeSpan.FromSeconds(60));
        var (triage, _) = await AllPagesAsync($"{Queue}?status=AwaitingTriage");
        Assert.DoesNotContain(moved, triage.Select(i => i.GetProperty("reference").GetString()));
        Assert.Equal(references.Count - 1, triage.Count);
        var treatment = Assert.Single((await AllPagesAsync($"{Queue}?status=AgenciesNotified")).Items);
        Assert.Equal(moved, treatment.GetProperty("reference").GetString());
        Assert.Equal(items.Single(i => i.GetProperty("reference").GetString() == moved).GetProperty("proposedPriority").GetString(), treatment.GetProperty("priority").GetString());
        Assert.Equal(DecisionKinds.Treatment, Assert.Single(treatment.GetProperty("waitingFor").EnumerateArray()).GetProperty("decision").GetString());
        Assert.True(treatment.GetProperty("dueAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.False(treatment.GetProperty("overdue").GetBoolean());

        // Storage holds exactly one index row per referral, none of them naming the carrier.
        var rows = new List<TableEntity>();
        await foreach (var row in host.Get<ReferralTables>().StaffQueue.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        Assert.Equal(references.Order(), rows.Select(r => r.GetString("ReferralId")).Order());
        Assert.All(rows, row => Assert.DoesNotContain(row, p => p.Value is string s && s.Contains("DEMO", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Bad_paging_parameters_are_problems_naming_the_field()
    {
        foreach (var (query, field) in new[] { ("pageSize=0", "pageSize"), ("pageSize=201", "pageSize"), ("continuation=%25%25", "continuation"), ("dueBefore=soon", "dueBefore") })
        {
            using var response = await Analyst.GetAsync($"{Queue}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    /// <summary>Every page of <paramref name="path"/>, following <see cref="StaffReferralEndpoints.ContinuationHeader"/>.</summary>
    private async Task<(List<JsonElement> Items, int Pages)> AllPagesAsync(string path)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        string? token = null;
        do
        {
            using var response = await Analyst.GetAsync(token is null ? path : $"{path}&continuation={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            Assert.Equal(JsonValueKind.Array, page.ValueKind);
            items.AddRange(page.EnumerateArray());
            pages++;
            token = response.Headers.TryGetValues(StaffReferralEndpoints.ContinuationHeader, out var values) ? values.Single() : null;
            Assert.True(pages < 50, "the continuation token leads somewhere");
        }
        while (token is not null);

        Assert.Equal(items.Count, items.Select(i => i.GetProperty("reference").GetString()).Distinct().Count());
        return (items, pages);
    }
}
