using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ReferralFunctions.Admin;
using ReferralFunctions.Audit;
using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>The maintenance tool's commands (ReferralFunctions.Admin) against real storage: <c>verify-audit</c> and <c>reencrypt</c>.</summary>
public sealed class MaintenanceCommandTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    [Fact]
    public async Task Verify_audit_reports_the_chain_and_exits_by_its_state()
    {
        await host.Carrier().SubmitAsync(TestReferrals.Example());
        var output = new StringWriter();

        var exit = await AdminTool.RunAsync([VerifyAuditCommand.Name], Configuration(), output, TextWriter.Null);

        Assert.Equal(0, exit);
        var result = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.True(result.GetProperty("intact").GetBoolean());
        Assert.True(result.GetProperty("entries").GetInt64() >= 1);

        // Break the chain: the command now says so and exits 3.
        var audit = host.Get<AuditTrail>();
        await audit.AppendAsync(new AuditEvent("system", "system", AuditActions.ReferralRead, "", "command test"), CancellationToken.None);
        var table = host.Get<Storage.ReferralTables>().Audit;
        var entries = await audit.ReadAsync(null, 5000, CancellationToken.None);
        await table.DeleteEntityAsync("chain", entries[^1].Sequence.ToString("D19", System.Globalization.CultureInfo.InvariantCulture));
        output = new StringWriter();
        Assert.Equal(3, await AdminTool.RunAsync([VerifyAuditCommand.Name], Configuration(), output, TextWriter.Null));
        Assert.False(JsonDocument.Parse(output.ToString()).RootElement.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Reencrypt_reports_values_by_key_and_finds_nothing_left_to_do_on_a_second_run()
    {
        await host.Carrier().SubmitAsync(TestReferrals.Example());
        var first = new StringWriter();
        var second = new StringWriter();

        Assert.Equal(0, await AdminTool.RunAsync([ReencryptCommand.Name], Configuration(), first, TextWriter.Null));
        Assert.Equal(0, await AdminTool.RunAsync([ReencryptCommand.Name], Configuration(), second, TextWriter.Null));

        var result = JsonDocument.Parse(second.ToString()).RootElement;
        Assert.Equal(0, result.GetProperty("rewritten").GetInt32());
        Assert.True(result.GetProperty("valuesByKeyBefore").GetProperty(result.GetProperty("currentKeyId").GetString()!).GetInt32() >= 1);
    }

    private IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ReferralStorage:TablePrefix"] = host.TablePrefix })
        .Build();
}
