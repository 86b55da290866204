using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>The local host with every log line of every category captured, down to Trace.</summary>
public sealed class LoggingHostFixture : ReferralHostFixture
{
    public FakeLogCollector Logs { get; } = new();

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(new FakeLoggerProvider(Logs));
        logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Trace);
    }
}

/// <summary>
/// Runs a referral from submission to released feedback and scans every captured log line (message, state and
/// exception) for confidential values, secrets and credentials: none may appear.
/// </summary>
public sealed class LogConfidentialityTests(LoggingHostFixture host, ITestOutputHelper output) : IClassFixture<LoggingHostFixture>
{
    [Fact]
    public async Task No_log_line_holds_confidential_content_a_secret_or_a_credential()
    {
        var run = await ConfidentialRun.RunAsync(host);

        // The paths that handle the referrer's identity and the audit trail log nothing confidential either.
        var analyst = new StaffClient(host.Http, "ana.lyst", StaffRoles.Analyst);
        var supervisor = new StaffClient(host.Http, "sue.pervisor", StaffRoles.Supervisor);
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyst/referrals/{run.Reference}/disclosures")
        {
            Content = JsonContent.Create(new { disclosureId = "disc-log-scan-1", agency = "POLICE", legalBasis = "Customs Act s 16", purpose = "Witness statement" }),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/supervisor/referrals/{run.Reference}/disclosure-approvals")
        {
            Content = JsonContent.Create(new { disclosureId = "disc-log-scan-1", decision = "approve" }),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/v1/supervisor/audit?reference={run.Reference}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/v1/supervisor/audit/verification")).StatusCode);
        var lines = host.Logs.GetSnapshot();
        Assert.True(lines.Count > 100, $"expected a full run's logs, captured {lines.Count} lines");
        foreach (var line in lines)
        {
            var text = $"{line.Category} {line.Message} {line.Exception} {string.Join(" ", line.StructuredState?.Select(p => p.Value) ?? [])}";
            // The summary goes to agencies by design, but it has no place in a log line either.
            foreach (var value in run.Forbidden.Append("Dry container uncollected for eight weeks"))
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"log line of {line.Category} holds a confidential value: {line.Message}");
            }
        }

        output.WriteLine($"{lines.Count} log lines scanned for {run.Forbidden.Count + 1} confidential values: none found.");
    }
}
