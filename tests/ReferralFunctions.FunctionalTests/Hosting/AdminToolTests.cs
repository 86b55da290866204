using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ReferralFunctions.Admin;
using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>
/// The maintenance tool as an operator runs it, a process of its own: help for every command, and real runs against
/// Azurite next to a running host. The commands' results are pinned in <see cref="MaintenanceCommandTests"/>.
/// </summary>
public sealed class AdminToolTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    [Theory]
    [InlineData(ReencryptCommand.Name)]
    [InlineData(VerifyAuditCommand.Name)]
    [InlineData(ExportTablesCommand.Name)]
    [InlineData(RestoreTablesCommand.Name)]
    public async Task Each_command_answers_help_with_its_usage_and_touches_nothing(string verb)
    {
        // Pointed at an address nothing listens on: help must not need storage.
        var run = await AdminToolProcess.RunAsync(new Dictionary<string, string> { ["ReferralStorage"] = Unreachable }, verb, "--help");

        Assert.Equal(AdminExitCodes.Done, run.ExitCode);
        Assert.StartsWith($"usage: ReferralFunctions.Admin {verb}", run.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task The_tool_lists_its_commands_and_refuses_an_unknown_one()
    {
        var help = await AdminToolProcess.RunAsync(new Dictionary<string, string>(), "--help");
        Assert.Equal(AdminExitCodes.Done, help.ExitCode);
        Assert.All(AdminTool.Commands(), c => Assert.Contains($"  {c.Verb} ", help.Output, StringComparison.Ordinal));

        var unknown = await AdminToolProcess.RunAsync(new Dictionary<string, string>(), "token");
        Assert.Equal(AdminExitCodes.Usage, unknown.ExitCode);
        Assert.StartsWith("Unknown command 'token'.", unknown.Error, StringComparison.Ordinal);
        Assert.Equal("", unknown.Output);

        var usage = await AdminToolProcess.RunAsync(new Dictionary<string, string>(), RestoreTablesCommand.Name, "--into-prefix");
        Assert.Equal(AdminExitCodes.Usage, usage.ExitCode);
        Assert.Contains("usage: restore-tables --list", usage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reencrypt_and_verify_audit_run_against_Azurite_with_json_on_stdout_and_logs_on_stderr()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await host.Carrier().SubmitAsync(TestReferrals.Example())).StatusCode);
        var environment = new Dictionary<string, string> { ["ReferralStorage__TablePrefix"] = host.TablePrefix };

        var first = await AdminToolProcess.RunAsync(environment, ReencryptCommand.Name);
        var second = await AdminToolProcess.RunAsync(environment, ReencryptCommand.Name);
        var verify = await AdminToolProcess.RunAsync(environment, VerifyAuditCommand.Name);

        Assert.True(first.ExitCode == AdminExitCodes.Done, first.Error);
        Assert.True(second.ExitCode == AdminExitCodes.Done, second.Error);
        var rewrap = JsonDocument.Parse(second.Output).RootElement;
        Assert.Equal(0, rewrap.GetProperty("rewritten").GetInt32());
        Assert.True(rewrap.GetProperty("valuesByKeyBefore").GetProperty(rewrap.GetProperty("currentKeyId").GetString()!).GetInt32() >= 1);
        Assert.Contains("Running reencrypt against the local Azurite with local data keys", second.Error, StringComparison.Ordinal);

        Assert.True(verify.ExitCode == AdminExitCodes.Done, verify.Error);
        var verification = JsonDocument.Parse(verify.Output).RootElement;
        Assert.True(verification.GetProperty("intact").GetBoolean());
        Assert.True(verification.GetProperty("entries").GetInt64() >= 1);
    }

    [Fact]
    public async Task Against_Azure_a_command_without_the_apps_keys_is_refused_before_it_touches_anything()
    {
        // A real account's connection string (its endpoint on loopback, where nothing answers): the data is "in Azure".
        var azure = new Dictionary<string, string?> { ["ReferralStorage"] = Unreachable };

        var error = new StringWriter();
        var output = new StringWriter();
        Assert.Equal(AdminExitCodes.Usage, await AdminTool.RunAsync([VerifyAuditCommand.Name], Configuration(azure), output, error));
        Assert.Contains("Audit__ChainKey is missing", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());

        error = new StringWriter();
        azure["KeyVault:vaultUri"] = "@Microsoft.KeyVault(VaultName=kv;SecretName=x)";
        azure["Confidentiality:CarrierLookupKey"] = Confidentiality.ConfidentialityOptions.DevelopmentCarrierLookupKey;
        Assert.Equal(AdminExitCodes.Usage, await AdminTool.RunAsync([ReencryptCommand.Name], Configuration(azure), output, error));
        Assert.Contains("KeyVault__vaultUri is a Key Vault reference", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Confidentiality__CarrierLookupKey is the local development key", error.ToString(), StringComparison.Ordinal);

        // Listing exports writes nothing to the audit trail: it needs no chain key (it then fails to reach the account: 1).
        error = new StringWriter();
        Assert.Equal(AdminExitCodes.Failed, await AdminTool.RunAsync([RestoreTablesCommand.Name, "--list"], Configuration(azure), output, error));
        Assert.DoesNotContain("Refusing", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>An account that is not Azurite's, at a loopback address where nothing listens.</summary>
    private const string Unreachable =
        "DefaultEndpointsProtocol=http;AccountName=productiondata;AccountKey=cHJvZHVjdGlvbi1kYXRhLWtleS1ub3QtcmVhbA==;TableEndpoint=http://127.0.0.2:9/;BlobEndpoint=http://127.0.0.2:9/";

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
