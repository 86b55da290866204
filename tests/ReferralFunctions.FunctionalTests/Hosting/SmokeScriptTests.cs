using System.Diagnostics;
using ReferralFunctions.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>
/// scripts/smoke.sh, the post-deployment check, run as an operator runs it against the real local host (its Kestrel
/// port on 127.0.0.1): it must pass on a working system and fail, saying why, on a wrong credential, so it cannot rot.
/// </summary>
public sealed class SmokeScriptTests(ReferralHostFixture host, ITestOutputHelper output) : IClassFixture<ReferralHostFixture>
{
    private string BaseUrl => host.Host.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task The_smoke_test_passes_against_a_working_host()
    {
        var (exit, stdout, stderr) = await SmokeAsync(BaseUrl);

        Assert.True(exit == 0, $"smoke.sh exited {exit}: {stderr}");
        Assert.Contains("ok    health: HTTP 200", stdout, StringComparison.Ordinal);
        Assert.Matches(@"ok    submission as DEMO: HTTP 202, reference RF-\S+", stdout);
        Assert.Matches(@"ok    staged status of RF-\S+: under-assessment", stdout);
        Assert.Contains("ok    staff read as analyst (local development token): HTTP 200", stdout, StringComparison.Ordinal);
        Assert.Contains($"Smoke test passed: {BaseUrl}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_carrier_secret_fails_the_smoke_test_at_the_submission()
    {
        var (exit, stdout, stderr) = await SmokeAsync(BaseUrl, ("REFERRALS_CARRIER_SECRET", "not-the-demo-secret-but-long-enough-0e5c7a2d"));

        Assert.NotEqual(0, exit);
        Assert.Contains("ok    health: HTTP 200", stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL  submission as DEMO: HTTP 401", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Smoke test passed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_token_without_the_role_fails_the_smoke_test_at_the_staff_read()
    {
        var (exit, _, stderr) = await SmokeAsync(BaseUrl, ("REFERRALS_STAFF_TOKEN", StaffTokens.Valid("coordinator")));

        Assert.NotEqual(0, exit);
        Assert.Contains("FAIL  staff read as analyst (REFERRALS_STAFF_TOKEN): HTTP 403", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Against_a_deployment_it_asks_for_a_carrier_credential_before_calling_anything()
    {
        // Never the development secret for a non-local address; nothing is contacted (the name cannot resolve).
        var (exit, _, stderr) = await SmokeAsync("https://referrals.invalid");

        Assert.Equal(2, exit);
        Assert.Contains("set REFERRALS_CARRIER_SECRET", stderr, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> SmokeAsync(string baseUrl, params (string Name, string Value)[] environment)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "smoke.sh"));
        start.ArgumentList.Add(baseUrl);
        foreach (var name in new[] { "REFERRALS_CARRIER_ID", "REFERRALS_CARRIER_SECRET", "REFERRALS_STAFF_RESOURCE", "REFERRALS_STAFF_TOKEN", "REFERRALS_STAFF_ROLE" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["SMOKE_TIMEOUT"] = "60";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var (o, e) = (await stdout, await stderr);
        output.WriteLine(o);
        output.WriteLine(e);
        return (process.ExitCode, o, e);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReferralFunctions.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException($"No ReferralFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
