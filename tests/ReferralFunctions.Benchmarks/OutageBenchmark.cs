using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReferralFunctions.Carriers;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.LocalHost;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Benchmarks;

/// <summary>
/// Recovery from a storage outage, next to a baseline without one, in the same run on the same host: referrals whose
/// workflows are starting when storage (an Azurite of the benchmark's own) goes away, and carriers submitting during
/// the outage.
///   dotnet run -c Release --project tests/ReferralFunctions.Benchmarks -- outage [referrals=30] [outage-seconds=10] [engine-visibility=00:00:30]
/// </summary>
internal static class OutageBenchmark
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(string[] args)
    {
        var inFlight = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var outage = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10);
        var visibility = args.Length > 2 ? args[2] : null;
        var root = LocalReferralHost.RepositoryRoot();
        var example = await File.ReadAllBytesAsync(Path.Combine(root, "docs", "contract", "example-referral.json"));

        await using var storage = await StoppableAzurite.StartNewAsync();
        var id = "outage" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>
        {
            ["LocalHost:Port"] = "0",
            ["LocalHost:StartAzurite"] = "false",
            ["LocalHost:TaskHubName"] = id,
            ["LocalHost:EngineStorage"] = storage.ConnectionString,
            ["ReferralStorage"] = storage.ConnectionString,
            ["ReferralStorage:TablePrefix"] = id,
            ["CarrierAuth:RateLimit:PermitsPerMinute"] = "1000000",
            ["CarrierAuth:RateLimit:Burst"] = "1000000",
        };
        if (visibility is not null)
        {
            settings["LocalHost:EngineMessageVisibilityTimeout"] = visibility;
        }

        await using var host = await LocalReferralHost.StartAsync([], settings, configureLogging: logging => logging.ClearProviders());
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var run = new Run(host, http, example);

        var baseline = await run.MeasureAsync(inFlight, outage: null, storage);
        var fault = await run.MeasureAsync(inFlight, outage, storage);

        var engineVisibility = visibility ?? new LocalHostOptions().EngineMessageVisibilityTimeout.ToString();
        Console.WriteLine($"outage benchmark: {inFlight} referrals in flight, engine message visibility timeout {engineVisibility}");
        Console.WriteLine($"{"",-58}{"baseline",12}{"outage",12}");
        Row("referrals in flight", baseline.InFlight, fault.InFlight);
        Row("outage length (s, stopped until answering again)", "-", F(fault.OutageSeconds));
        Row("caught before their first wait when storage went", "-", fault.CaughtMidway.ToString(CultureInfo.InvariantCulture));
        Row("time to all at first wait (s; outage: from storage back)", F(baseline.RecoverySeconds), F(fault.RecoverySeconds));
        Row("failed workflows", baseline.Failed, fault.Failed);
        Row("duplicate timeline entries or questions", baseline.DuplicateRows, fault.DuplicateRows);
        Row("messages sent before the first wait (duplicates)", baseline.Messages, fault.Messages);
        Row("submissions during the outage", "-", fault.OutageSubmissions.ToString(CultureInfo.InvariantCulture));
        Row("  answered 503 with Retry-After", "-", fault.OutageUnavailable.ToString(CultureInfo.InvariantCulture));
        Row("  answered otherwise", "-", fault.OutageOther.ToString(CultureInfo.InvariantCulture));
        Row("  slowest answer (s)", "-", F(fault.OutageSlowestSeconds));
        Row("  retried with the same key: referrals made (one each)", "-", $"{fault.RetriedReferrals}/{fault.OutageSubmissions}");
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static void Row(string name, object baseline, object fault) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-58}{baseline,12}{fault,12}"));

    private sealed record Measurement(
        int InFlight, double OutageSeconds, int CaughtMidway, double RecoverySeconds, int Failed, int DuplicateRows, int Messages,
        int OutageSubmissions, int OutageUnavailable, int OutageOther, double OutageSlowestSeconds, int RetriedReferrals);

    private sealed class Run(LocalReferralHost host, HttpClient http, byte[] example)
    {
        private readonly DurableTaskClient durable = host.Services.GetRequiredService<DurableTaskClient>();
        private readonly TimelineStore timelines = host.Services.GetRequiredService<TimelineStore>();
        private readonly QuestionStore questionStore = host.Services.GetRequiredService<QuestionStore>();

        public async Task<Measurement> MeasureAsync(int inFlight, TimeSpan? outage, StoppableAzurite storage)
        {
            using var gate = new SemaphoreSlim(8);
            var references = await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
            {
                await gate.WaitAsync();
                try
                {
                    var (status, body, _) = await SubmitAsync(NewKey());
                    return status == HttpStatusCode.Accepted ? Reference(body) : throw new InvalidOperationException($"Submission answered {status}.");
                }
                finally
                {
                    gate.Release();
                }
            }));

            var submittedAt = Stopwatch.GetTimestamp();
            var down = DateTimeOffset.UtcNow;
            var outageSeconds = 0.0;
            var during = new List<(string Key, HttpStatusCode Status, TimeSpan Elapsed, bool RetryAfter)>();
            if (outage is { } length)
            {
                // Storage goes away while the workflows start; carriers keep submitting, one every half second.
                await storage.StopAsync();
                var stopped = Stopwatch.StartNew();
                using var over = new CancellationTokenSource(length);
                while (!over.IsCancellationRequested)
                {
                    var key = NewKey();
                    var watch = Stopwatch.StartNew();
                    var (status, _, retryAfter) = await SubmitAsync(key);
                    during.Add((key, status, watch.Elapsed, retryAfter));
                    await Task.Delay(500, CancellationToken.None);
                }

                await storage.StartAsync();
                outageSeconds = stopped.Elapsed.TotalSeconds;
                submittedAt = Stopwatch.GetTimestamp();
            }

            var pending = new HashSet<string>(references);
            while (pending.Count > 0 && Stopwatch.GetElapsedTime(submittedAt) < RecoveryLimit)
            {
                foreach (var reference in pending.ToArray())
                {
                    var instance = await TryGetAsync(reference);
                    if (instance?.ReadCustomStatusAs<ReferralWorkflowStatus>()?.Stage == ReferralStatus.AwaitingValidation
                        || instance?.RuntimeStatus is OrchestrationRuntimeStatus.Failed)
                    {
                        pending.Remove(reference);
                    }
                }

                await Task.Delay(200);
            }

            var recovery = Stopwatch.GetElapsedTime(submittedAt).TotalSeconds;
            var failed = 0;
            var duplicates = 0;
            var messages = 0;
            var caught = 0;
            var outbox = host.Services.GetRequiredService<TableMessageOutbox>();
            foreach (var reference in references)
            {
                failed += (await durable.GetInstanceAsync(reference))!.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? 1 : 0;
                var timeline = await timelines.GetAsync(reference, CancellationToken.None);
                duplicates += Math.Max(0, timeline.Count - 1);
                var announced = timeline.Count > 0 && timeline[0] is { } entry ? int.Parse(entry.Action.Split(' ')[0], CultureInfo.InvariantCulture) : 0;
                var questions = await questionStore.GetAsync(reference, CancellationToken.None);
                duplicates += Math.Max(0, questions.Count - announced);
                caught += timeline.Count > 0 && timeline[0].At >= down ? 1 : 0;
                messages += (await outbox.ListAsync(MessageTopics.Reminders, reference, CancellationToken.None)).Count
                    + (await outbox.ListAsync(MessageTopics.AgencyNotifications, reference, CancellationToken.None)).Count;
            }

            // Carriers refused during the outage retry with the same key: each must make exactly one referral.
            var retried = new HashSet<string>();
            foreach (var (key, _, _, _) in during)
            {
                for (var attempt = 0; attempt < 60; attempt++)
                {
                    var (status, body, _) = await SubmitAsync(key);
                    if (status == HttpStatusCode.Accepted)
                    {
                        retried.Add(Reference(body));
                        break;
                    }

                    await Task.Delay(1000);
                }
            }

            return new Measurement(
                inFlight, outageSeconds, outage is null ? 0 : caught, pending.Count > 0 ? double.NaN : recovery, failed, duplicates, messages,
                during.Count, during.Count(d => d.Status == HttpStatusCode.ServiceUnavailable && d.RetryAfter), during.Count(d => d.Status != HttpStatusCode.ServiceUnavailable),
                during.Count == 0 ? 0 : during.Max(d => d.Elapsed.TotalSeconds), retried.Count);
        }

        private async Task<OrchestrationMetadata?> TryGetAsync(string reference)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                return await durable.GetInstanceAsync(reference, getInputsAndOutputs: true, timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or Grpc.Core.RpcException)
            {
                return null;
            }
        }

        private async Task<(HttpStatusCode Status, string Body, bool RetryAfter)> SubmitAsync(string key)
        {
            const string path = "/api/v1/referrals";
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(example) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add(CarrierHeaders.CarrierId, LocalCarrierSecretStore.DemoCarrierId);
            request.Headers.Add(CarrierHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(CarrierHeaders.Nonce, nonce);
            request.Headers.Add(CarrierHeaders.Signature, CarrierSignature.Sign(LocalCarrierSecretStore.DemoSecret, timestamp, nonce, "POST", path, example));
            request.Headers.Add(SubmitReferralEndpoint.IdempotencyKeyHeader, key);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter is not null);
        }

        private static string Reference(string body) => JsonDocument.Parse(body).RootElement.GetProperty("reference").GetString()!;

        private static string NewKey() => "bench-" + Guid.NewGuid().ToString("N");
    }
}
