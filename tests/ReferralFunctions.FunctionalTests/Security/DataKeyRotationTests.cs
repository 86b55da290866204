using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Queue;
using ReferralFunctions.Staff;
using ReferralFunctions.Storage;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>The local host with two data keys configured, the older one current: the state just before a rotation.</summary>
public sealed class TwoKeyHostFixture : ReferralHostFixture
{
    public static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Confidentiality:DataKeys:2026-old"] = OldKey;
        settings["Confidentiality:DataKeys:2026-new"] = NewKey;
        settings["Confidentiality:CurrentDataKeyId"] = "2026-old";
        return settings;
    }
}

/// <summary>
/// The data key rotation procedure on real storage: new writes use the new key at once, old rows stay readable, a
/// re-encryption pass moves every value to the new key, and after it the old key can go.
/// </summary>
public sealed class DataKeyRotationTests(TwoKeyHostFixture host) : IClassFixture<TwoKeyHostFixture>
{
    [Fact]
    public async Task After_rotation_and_a_reencryption_pass_nothing_needs_the_old_key()
    {
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        var submitted = await host.Carrier().SubmitAsync(TestReferrals.Example());
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        await host.Get<DurableTaskClient>().WaitForStageAsync(reference, ReferralStatus.AwaitingValidation);
        Assert.Equal(HttpStatusCode.Created, (await analyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{reference}/questions")
        {
            Content = JsonContent.Create(new { question = "Which lane?", path = "$.shipment" }),
        })).StatusCode);
        var original = await host.Get<ReferralRepository>().ReadSubmissionAsync(reference, CancellationToken.None);

        // Rotation: the new key becomes current (in Azure: a new secret version, picked up within the refresh interval).
        var rotated = Reencryption(Cipher(("2026-old", TwoKeyHostFixture.OldKey), ("2026-new", TwoKeyHostFixture.NewKey)));
        var first = await rotated.RewrapAsync(CancellationToken.None);
        Assert.Equal("2026-new", first.CurrentKeyId);
        Assert.True(first.ValuesByKeyBefore["2026-old"] >= 2, "the submission and the question were under the old key");
        Assert.Equal(first.ValuesByKeyBefore.Values.Sum() - first.ValuesByKeyBefore.GetValueOrDefault("2026-new"), first.Rewritten);

        var second = await rotated.RewrapAsync(CancellationToken.None);
        Assert.Equal(0, second.Rewritten);
        Assert.Equal(["2026-new"], second.ValuesByKeyBefore.Keys);

        // The old key retired: everything still reads, identical.
        var newOnly = Cipher(("2026-new", TwoKeyHostFixture.NewKey));
        Assert.Equal(original, await new ReferralRepository(host.Get<ReferralTables>(), newOnly, host.Get<CarrierLookup>(), new TimelineStore(host.Get<ReferralTables>(), newOnly), host.Get<ReferralQueueIndex>()).ReadSubmissionAsync(reference, CancellationToken.None));
        Assert.Contains(await new QuestionStore(host.Get<ReferralTables>(), newOnly).GetAsync(reference, CancellationToken.None), q => q.Text == "Which lane?");
        Assert.Contains("Security Officer", Encoding.UTF8.GetString(original!), StringComparison.Ordinal);
    }

    private Reencryption Reencryption(FieldCipher cipher) =>
        new(host.Get<ReferralTables>(), cipher, host.Get<CarrierLookup>(), host.Get<EncryptedColumns>());

    private static FieldCipher Cipher(params (string Id, string Key)[] keys)
    {
        var options = new ConfidentialityOptions { CurrentDataKeyId = keys[^1].Id };
        foreach (var (id, key) in keys)
        {
            options.DataKeys[id] = key;
        }

        return new FieldCipher(new LocalDataKeyStore(Options.Create(options)));
    }
}
