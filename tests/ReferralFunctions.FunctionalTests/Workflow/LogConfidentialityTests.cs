using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ReferralFunctions.FunctionalTests.Infrastructure;
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
