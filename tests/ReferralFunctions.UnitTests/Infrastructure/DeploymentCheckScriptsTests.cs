using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>
/// The post-deployment checks in scripts/ run here against saved answers of the Azure calls they make (their
/// <c>--from-file</c> mode; the calls themselves need Azure): the exit code and the message must tell a deployment that
/// is safe from one that is not.
/// </summary>
public sealed class DeploymentCheckScriptsTests
{
    private const string SubscriptionsCheck = "scripts/check-subscriptions.sh";
    private const string ReferencesCheck = "scripts/check-keyvault-references.sh";
    private const string Samples = "scripts/samples";

    [Fact]
    public async Task Subscriptions_each_with_only_their_agency_filter_pass()
    {
        var result = await RunAsync(SubscriptionsCheck, "--from-file", SamplePath("subscriptions-filtered.json"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("POLICE, BORDER-PARTNER", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_that_kept_the_catch_all_default_rule_fails()
    {
        var result = await RunAsync(SubscriptionsCheck, "--from-file", SamplePath("subscriptions-default-rule.json"));

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("BORDER-PARTNER: has the catch-all $Default rule", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("POLICE:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_on_another_agency_a_missing_filter_or_an_extra_rule_fails()
    {
        var rules = JsonNode.Parse(RepositoryFiles.ReadAllText($"{Samples}/subscriptions-filtered.json"))!;
        var police = rules["subscriptions"]![0]!["rules"]!.AsArray();
        police[0]!["sqlFilter"]!["sqlExpression"] = "agency = 'BORDER-PARTNER'";
        police.Add(new JsonObject { ["name"] = "everything", ["filterType"] = "SqlFilter", ["sqlFilter"] = new JsonObject { ["sqlExpression"] = "1=1" } });
        rules["subscriptions"]![1]!["rules"] = new JsonArray();

        var result = await RunAsync(SubscriptionsCheck, "--from-file", WriteTemp(rules));

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("POLICE: rule agency is agency = 'BORDER-PARTNER', expected agency = 'POLICE'", result.Output, StringComparison.Ordinal);
        Assert.Contains("POLICE: has an extra rule everything", result.Output, StringComparison.Ordinal);
        Assert.Contains("BORDER-PARTNER: has no agency rule", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agency_rule_the_check_expects_is_the_one_the_Bicep_creates()
    {
        var bicep = RepositoryFiles.ReadAllText("infra/modules/serviceBus.bicep");
        var body = await RunAsync("scripts/add-agency-subscription.sh", "--code", "POLICE", "--print-body");

        Assert.True(body.ExitCode == 0, body.Output);
        Assert.Contains("name: 'agency'", bicep, StringComparison.Ordinal);
        Assert.Contains("sqlExpression: 'agency = \\'${code}\\''", bicep, StringComparison.Ordinal);
        Assert.Contains("<SqlExpression>agency = 'POLICE'</SqlExpression>", body.Output, StringComparison.Ordinal);
        Assert.Contains("<Name>agency</Name>", body.Output, StringComparison.Ordinal);
        _ = System.Xml.Linq.XDocument.Parse(body.Output);
    }

    [Fact]
    public async Task An_agency_code_that_is_not_a_plain_name_is_refused()
    {
        var result = await RunAsync("scripts/add-agency-subscription.sh", "--code", "X' OR 1=1 --", "--print-body");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("SqlExpression", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolved_Key_Vault_references_pass()
    {
        var result = await RunAsync(ReferencesCheck, "--from-file", SamplePath("keyvault-references-resolved.json"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Confidentiality__PseudonymKey", result.Output, StringComparison.Ordinal);
        Assert.Contains("Confidentiality__CarrierLookupKey", result.Output, StringComparison.Ordinal);
        Assert.Contains("Audit__ChainKey", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_whose_secret_does_not_exist_fails_with_its_status()
    {
        var result = await RunAsync(ReferencesCheck, "--from-file", SamplePath("keyvault-references-secret-not-found.json"));

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("Confidentiality__PseudonymKey: SecretNotFound", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expected_reference_missing_from_the_answer_fails()
    {
        var empty = WriteTemp(new JsonObject { ["value"] = new JsonArray() });

        var result = await RunAsync(ReferencesCheck, "--from-file", empty);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("Confidentiality__PseudonymKey: not listed", result.Output, StringComparison.Ordinal);
        Assert.Contains("Confidentiality__CarrierLookupKey: not listed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checked_reference_is_the_one_the_Bicep_sets()
    {
        var bicep = RepositoryFiles.ReadAllText("infra/modules/functionApp.bicep");
        var script = RepositoryFiles.ReadAllText(ReferencesCheck);

        Assert.Contains("name: 'Confidentiality__PseudonymKey'", bicep, StringComparison.Ordinal);
        Assert.Contains("name: 'Confidentiality__CarrierLookupKey'", bicep, StringComparison.Ordinal);
        Assert.Contains("name: 'Audit__ChainKey'", bicep, StringComparison.Ordinal);
        Assert.Contains("expected=(Confidentiality__PseudonymKey Confidentiality__CarrierLookupKey Audit__ChainKey)", script, StringComparison.Ordinal);
    }

    private static string SamplePath(string name) => Path.Combine(RepositoryFiles.Root, "scripts", "samples", name);

    private static string WriteTemp(JsonNode document)
    {
        var path = Path.Combine(Path.GetTempPath(), $"deployment-check-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryFiles.Root, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
