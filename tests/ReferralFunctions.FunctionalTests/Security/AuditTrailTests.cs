using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Audit;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// The audit trail through the real API and storage: reads of confidential data and decisions are recorded with who,
/// what, when and why (never the content); the hash chain holds under concurrent writers and retries, and any altered
/// or removed entry is detected.
/// </summary>
public sealed class AuditTrailTests(ReferralHostFixture host, ITestOutputHelper output) : IClassFixture<ReferralHostFixture>
{
    private StaffClient Analyst => new(host.Http, "ana.lyst", StaffRoles.Analyst);

    private StaffClient Supervisor => new(host.Http, "sue.pervisor", StaffRoles.Supervisor);

    [Fact]
    public async Task Reads_and_decisions_are_recorded_with_who_what_and_why_and_never_the_content()
    {
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        var durable = host.Get<DurableTaskClient>();
        await durable.WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);

        var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analyst/referrals/{reference}");
        read.Headers.Add(AccessPurpose.Header, "Tasking 2026/118: container diversion");
        var view = await Analyst.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal("suspicious-shipment", (await view.JsonAsync()).GetProperty("submission").GetProperty("category").GetString());

        var validation = new { decisionId = StaffClient.NewDecisionId(), decision = "validated", reason = "Seen on the terminal's CCTV by Security Officer" };
        var etag = (await Analyst.ReferralAsync(reference)).ETag;
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", validation, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Analyst.DecideAsync(StaffRoles.Analyst, reference, "validation", validation, etag)).StatusCode); // a retry

        var entries = await AuditAsync(reference);
        var text = entries.GetRawText();
        var actions = entries.EnumerateArray().Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actor").GetString(), Purpose: e.GetProperty("purpose").GetString())).ToArray();
        // The carrier is named by its pseudonym, never its id (ASVS 14.1.1).
        Assert.Contains((AuditActions.ReferralReceived, host.Get<ReferrerPseudonyms>().ActorFor("DEMO"), "referral submitted"), actions);
        Assert.DoesNotContain("carrier:DEMO", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains((AuditActions.ReferralRead, "staff:ana.lyst", "Tasking 2026/118: container diversion"), actions);
        Assert.Contains((AuditActions.ReferralRead, "staff:ana.lyst", "analyst review"), actions);
        Assert.Single(actions, a => a.Action == AuditActions.Decision);
        Assert.Contains(validation.decisionId, text, StringComparison.Ordinal);
        foreach (var confidential in new[] { "Security Officer", "security@example-carrier.test", "Example Imports", "CCTV", "Dry container" })
        {
            Assert.DoesNotContain(confidential, text, StringComparison.Ordinal);
        }

        var verification = await VerifyAsync();
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
    }

    [Fact]
    public async Task An_access_purpose_that_is_not_one_short_line_is_refused_and_nothing_is_read()
    {
        var reference = (await (await host.Carrier().SubmitAsync(TestReferrals.Example())).JsonAsync()).GetProperty("reference").GetString()!;
        var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analyst/referrals/{reference}");
        read.Headers.TryAddWithoutValidation(AccessPurpose.Header, new string('x', 201));

        var response = await Analyst.SendAsync(read);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([AccessPurpose.Header], await response.ErrorPathsAsync());
        Assert.DoesNotContain(AuditActions.ReferralRead, (await AuditAsync(reference)).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_writers_and_retries_leave_one_unbroken_chain()
    {
        var audit = host.Get<AuditTrail>();
        var before = (await VerifyAsync()).GetProperty("entries").GetInt64();

        // 40 writers at once, each event sent twice (a retry): 40 entries, no fork, no duplicate.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var audited = new AuditEvent("system", "system", AuditActions.ReferralRead, "", "concurrency test", "n=" + i, "concurrency|" + i);
            await audit.AppendAsync(audited, CancellationToken.None);
            await audit.AppendAsync(audited, CancellationToken.None);
        }));

        var verification = await VerifyAsync();
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
        Assert.True(verification.GetProperty("entries").GetInt64() - before >= 40);
        var concurrent = (await audit.ReadAsync(null, 5000, CancellationToken.None)).Where(e => e.Purpose == "concurrency test").ToArray();
        Assert.Equal(40, concurrent.Length);
        Assert.Equal(40, concurrent.Select(e => e.Detail).Distinct().Count());
    }

    [Fact]
    public async Task An_altered_or_removed_entry_is_detected_and_located()
    {
        var audit = host.Get<AuditTrail>();
        for (var i = 0; i < 5; i++)
        {
            await audit.AppendAsync(new AuditEvent("system", "system", AuditActions.ReferralRead, "", "tamper test", "n=" + i), CancellationToken.None);
        }

        var table = host.Get<ReferralTables>().Audit;
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter: "PartitionKey eq 'chain' and RowKey lt ':'"))
        {
            rows.Add(row);
        }

        var middle = rows[rows.Count / 2];
        var last = rows[^1];

        // Altered: someone edits who did it.
        var altered = new TableEntity(middle) { ["Actor"] = "staff:someone-else" };
        await table.UpdateEntityAsync(altered, Azure.ETag.All, TableUpdateMode.Replace);
        await AssertBrokenAtAsync(middle.GetInt64("Sequence")!.Value, "altered");
        await table.UpsertEntityAsync(Original(middle), TableUpdateMode.Replace);
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());

        // Removed from the middle.
        await table.DeleteEntityAsync(middle.PartitionKey, middle.RowKey);
        await AssertBrokenAtAsync(middle.GetInt64("Sequence")!.Value, "missing");
        await table.UpsertEntityAsync(Original(middle), TableUpdateMode.Replace);

        // Removed from the end: the head still names it.
        await table.DeleteEntityAsync(last.PartitionKey, last.RowKey);
        await AssertBrokenAtAsync(last.GetInt64("Sequence")!.Value, "head");
        await table.UpsertEntityAsync(Original(last), TableUpdateMode.Replace);
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());
        output.WriteLine($"chain of {rows.Count} entries: alteration, removal in the middle and removal at the end each detected");

        async Task AssertBrokenAtAsync(long sequence, string problem)
        {
            var verification = await VerifyAsync();
            Assert.False(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
            Assert.Equal(sequence, verification.GetProperty("brokenAt").GetInt64());
            Assert.Contains(problem, verification.GetProperty("problem").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_supervisors_read_the_trail()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Analyst.GetAsync("/api/v1/supervisor/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/api/v1/supervisor/audit/verification")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Supervisor.GetAsync("/api/v1/supervisor/audit?reference=nonsense")).StatusCode);
    }

    private static TableEntity Original(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Where(p => p.Key is not ("odata.etag" or "Timestamp")))
        {
            copy[name] = value;
        }

        return copy;
    }

    private async Task<JsonElement> AuditAsync(string reference)
    {
        var response = await Supervisor.GetAsync($"/api/v1/supervisor/audit?reference={reference}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<JsonElement> VerifyAsync()
    {
        var response = await Supervisor.GetAsync("/api/v1/supervisor/audit/verification");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
