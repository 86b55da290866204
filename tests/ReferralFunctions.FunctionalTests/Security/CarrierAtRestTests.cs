using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>The local host with one more carrier whose id is distinctive enough to search raw storage for.</summary>
public sealed class CarrierAtRestHostFixture : ReferralHostFixture
{
    public const string Canary = "QZX-CANARY-CARRIER-7731";
    public const string CanarySecret = "qzx-canary-carrier-test-secret-7e1d4b9a";

    public CarrierClient CanaryCarrier() => Carrier(Canary, CanarySecret);

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings[$"CarrierAuth:Carriers:{Canary}:Secret"] = CanarySecret;
        // Triage still knows the carrier's trust level, though storage no longer holds its id in clear.
        settings[$"Workflow:CarrierTrust:{Canary}"] = "trusted";
        return settings;
    }
}

/// <summary>
/// Carriers protected at rest (ASVS 14.1.1): storage holds a carrier as its keyed look-up value and its sealed id,
/// never its id in clear, and ownership, idempotency and nonces still work on the look-up value.
/// </summary>
public sealed class CarrierAtRestTests(CarrierAtRestHostFixture host, ITestOutputHelper output) : IClassFixture<CarrierAtRestHostFixture>
{
    private const string Canary = CarrierAtRestHostFixture.Canary;

    [Fact]
    public async Task No_table_row_queue_message_or_blob_holds_the_carrier_id_in_clear()
    {
        var carrier = host.CanaryCarrier();
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);

        // A whole run (submission, validation answer, feedback read) and a second referral: resubmitted with its key,
        // read by the carrier while Customs' question is open, and refused to another carrier.
        var run = await ConfidentialRun.RunAsync(host, carrier);
        var key = CarrierClient.NewKey();
        var body = TestReferrals.ExampleWith(r => r["narrative"] = "Second referral " + Guid.NewGuid().ToString("N"));
        var reference = await SubmitAsync(carrier, body, key);
        Assert.Equal(reference, await SubmitAsync(carrier, body, key));
        await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        Assert.Equal(HttpStatusCode.Created, (await analyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/questions")
        {
            Content = JsonContent.Create(new { question = "Which lane?", path = "$.shipment" }),
        })).StatusCode);
        var read = await carrier.GetReferralAsync(reference);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("Which lane?", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync(reference)).StatusCode);

        // Triage used the carrier's trust level: the id was recovered from its sealed form.
        var (view, _) = await analyst.ReferralAsync(run.Reference);
        Assert.Contains(view.GetProperty("riskAssessment").GetProperty("reasons").EnumerateArray(), r => r.GetProperty("factor").GetString() == "carrier-trust");

        var (tableNames, scanned) = await RawStorage.ReadAsync(host);

        Assert.Contains(host.TaskHub + "History", tableNames);
        // Controls: the scan reads content, and what stands for the carrier (its look-up value, its pseudonymous actor) is there.
        Assert.Contains(scanned, s => s.Text.Contains("MSKU1234565", StringComparison.Ordinal));
        var lookup = host.Get<CarrierLookup>().For(Canary);
        var actor = host.Get<ReferrerPseudonyms>().ActorFor(Canary);
        Assert.Contains(scanned, s => s.Where.Contains("IdempotencyKeys " + lookup + "/", StringComparison.Ordinal));
        Assert.Contains(scanned, s => s.Where.Contains("CarrierNonces " + lookup + "/", StringComparison.Ordinal));
        Assert.Contains(scanned, s => s.Where.Contains("AuditTrail", StringComparison.Ordinal) && s.Text.Contains(actor, StringComparison.Ordinal));
        Assert.Contains(scanned, s => s.Where.Contains("History", StringComparison.Ordinal) && s.Text.Contains(actor, StringComparison.Ordinal));

        var forms = Base64Forms(Canary).ToArray();
        foreach (var (where, text) in scanned)
        {
            Assert.False(text.Contains(Canary, StringComparison.OrdinalIgnoreCase), $"{where} holds the carrier id in clear");
            Assert.False(forms.Any(f => text.Contains(f, StringComparison.Ordinal)), $"{where} holds the carrier id in base64");
            Assert.False(run.Forbidden.Any(f => text.Contains(f, StringComparison.Ordinal)), $"{where} holds a confidential value in clear");
        }

        output.WriteLine($"{scanned.Count} stored values in {tableNames.Count} tables plus the task hub's queues and blobs: the carrier id nowhere, in clear or in {forms.Length} base64 forms.");
    }

    [Fact]
    public async Task Another_carrier_gets_404_for_the_referral_and_its_feedback()
    {
        var reference = await SubmitAsync(host.CanaryCarrier(), TestReferrals.Example(), CarrierClient.NewKey());

        Assert.Equal(HttpStatusCode.OK, (await host.CanaryCarrier().GetReferralAsync(reference)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier().GetReferralAsync(reference)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier(ReferralHostFixture.OtherCarrier).GetReferralAsync(reference)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}/feedback", null)).StatusCode);
    }

    [Fact]
    public async Task An_idempotent_resubmission_returns_the_same_reference_from_a_row_keyed_by_the_look_up_value()
    {
        var key = CarrierClient.NewKey();
        var body = TestReferrals.ExampleWith(r => r["narrative"] = "Resubmitted " + Guid.NewGuid().ToString("N"));

        var first = await SubmitAsync(host.CanaryCarrier(), body, key);
        var again = await SubmitAsync(host.CanaryCarrier(), body, key);

        Assert.Equal(first, again);
        var rows = await RowsAsync(host.Get<ReferralTables>().Idempotency, $"ReferralId eq '{first}'");
        var row = Assert.Single(rows);
        Assert.Equal(host.Get<CarrierLookup>().For(Canary), row.PartitionKey);
        Assert.StartsWith(FieldCipher.TextPrefix, row.GetString("ResponseBody"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_nonce_is_still_refused()
    {
        var nonce = CarrierClient.NewNonce();
        var reference = await SubmitAsync(host.CanaryCarrier(), TestReferrals.Example(), CarrierClient.NewKey());

        var first = await host.CanaryCarrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}", null, nonce: nonce);
        var replayed = await host.CanaryCarrier().SendAsync(HttpMethod.Get, $"/api/v1/referrals/{reference}", null, nonce: nonce);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        var stored = await host.Get<ReferralTables>().CarrierNonces.GetEntityIfExistsAsync<TableEntity>(host.Get<CarrierLookup>().For(Canary), nonce);
        Assert.True(stored.HasValue, "the nonce is kept under the carrier's look-up value");
    }

    [Fact]
    public async Task A_referral_stored_with_the_carrier_in_clear_is_still_owned_and_a_reencryption_pass_seals_it()
    {
        const string owner = ReferralHostFixture.OtherCarrier;
        var reference = await SubmitAsync(host.Carrier(owner), TestReferrals.Example(), CarrierClient.NewKey());
        await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        var referrals = host.Get<ReferralTables>().Referrals;
        var lookup = host.Get<CarrierLookup>().For(owner);

        // The row as it was written before carriers were protected at rest: the id in clear, no look-up value.
        var row = (await referrals.GetEntityAsync<TableEntity>(reference, "referral")).Value;
        Assert.Equal(lookup, row.GetString("CarrierLookup"));
        Assert.Null(row.GetString("CarrierId"));
        row.Remove("CarrierLookup");
        row.Remove("CarrierIdSealed");
        row["CarrierId"] = owner;
        await referrals.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        await AssertOwnedByAsync(reference, owner);
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        Assert.Equal(host.Get<ReferrerPseudonyms>().For(owner), (await analyst.ReferralAsync(reference)).View.GetProperty("referrerPseudonym").GetString());

        var result = await host.Get<Reencryption>().RewrapAsync(CancellationToken.None);

        Assert.True(result.ValuesByKeyBefore.GetValueOrDefault(Reencryption.Unencrypted) >= 1, "the clear carrier id was counted");
        var sealedRow = (await referrals.GetEntityAsync<TableEntity>(reference, "referral")).Value;
        Assert.Null(sealedRow.GetString("CarrierId"));
        Assert.Equal(lookup, sealedRow.GetString("CarrierLookup"));
        Assert.StartsWith(FieldCipher.TextPrefix, sealedRow.GetString("CarrierIdSealed"), StringComparison.Ordinal);
        Assert.True(sealedRow.ContainsKey("SubmissionChunks"), "the rest of the row was kept");
        await AssertOwnedByAsync(reference, owner);
        Assert.Equal(0, (await host.Get<Reencryption>().RewrapAsync(CancellationToken.None)).Rewritten);
    }

    private async Task AssertOwnedByAsync(string reference, string owner)
    {
        Assert.Equal(HttpStatusCode.OK, (await host.Carrier(owner).GetReferralAsync(reference)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Carrier().GetReferralAsync(reference)).StatusCode);
        var stored = await host.Get<ReferralRepository>().FindAsync(reference, CancellationToken.None);
        Assert.Equal(owner, stored!.CarrierId);
        Assert.Equal(host.Get<CarrierLookup>().For(owner), stored.CarrierLookup);
    }

    private static async Task<string> SubmitAsync(CarrierClient carrier, System.Text.Json.Nodes.JsonNode body, string key)
    {
        var response = await carrier.SubmitAsync(body, key);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("reference").GetString()!;
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The value's base64 wherever it might start inside a longer encoded text (at each of the three byte alignments),
    /// in upper and lower case: only the characters that depend on the value alone.
    /// </summary>
    private static IEnumerable<string> Base64Forms(string value)
    {
        foreach (var spelling in new[] { value.ToUpperInvariant(), value.ToLowerInvariant() })
        {
            var bytes = Encoding.UTF8.GetBytes(spelling);
            for (var offset = 0; offset < 3; offset++)
            {
                var shifted = new byte[offset + bytes.Length];
                bytes.CopyTo(shifted, offset);
                var encoded = Convert.ToBase64String(shifted);
                var start = (8 * offset + 5) / 6;
                var end = 8 * (offset + bytes.Length) / 6;
                yield return encoded[start..end];
            }
        }
    }
}
