using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReferralFunctions.Audit;
using ReferralFunctions.Carriers;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.LocalHost;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Staff;

// Intake benchmark: start-up of the local host and the latency of one accepted submission, each next to a baseline
// measured in the same run on the same machine (figures are reported as ratios; the machines are shared and noisy).
//   dotnet run -c Release --project tests/ReferralFunctions.Benchmarks -- [submissions=200] [startups=3]
// Recovery from a storage outage (see OutageBenchmark):
//   dotnet run -c Release --project tests/ReferralFunctions.Benchmarks -- outage [referrals=30] [outage-seconds=10]
if (args.Length > 0 && args[0] == "outage")
{
    await ReferralFunctions.Benchmarks.OutageBenchmark.RunAsync(args[1..]);
    return;
}

var submissions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var startups = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var root = LocalReferralHost.RepositoryRoot();
await using var azurite = await AzuriteProcess.EnsureRunningAsync(root, ".azurite", NullLogger.Instance, CancellationToken.None);
var example = await File.ReadAllBytesAsync(Path.Combine(root, "docs", "contract", "example-referral.json"));

// Start-up: a fresh task hub and tables each time, Azurite already running.
var startupMs = new List<double>();
LocalReferralHost? host = null;
for (var i = 0; i < startups; i++)
{
    if (host is not null)
    {
        await host.DisposeAsync();
    }

    var watch = Stopwatch.StartNew();
    host = await StartAsync();
    startupMs.Add(watch.Elapsed.TotalMilliseconds);
}

using var http = new HttpClient { BaseAddress = host!.BaseAddress };
var table = new TableServiceClient("UseDevelopmentStorage=true").GetTableClient("benchBaseline" + Guid.NewGuid().ToString("N")[..8]);
await table.CreateIfNotExistsAsync();

// Warm up every path.
for (var i = 0; i < 20; i++)
{
    await SubmitAsync();
    await UnauthenticatedAsync();
    await InsertAsync();
}

var submit = await MeasureAsync(SubmitAsync);
var unauthenticated = await MeasureAsync(UnauthenticatedAsync);
var insert = await MeasureAsync(InsertAsync);

// The confidentiality paths: encrypting and decrypting the example body, appending to the audit chain, and a staff
// read of a referral (audited, decrypted).
var cipher = host.Services.GetRequiredService<FieldCipher>();
var audit = host.Services.GetRequiredService<AuditTrail>();
var encrypt = await MeasureAsync(async () =>
    await cipher.DecryptAsync(await cipher.EncryptAsync(example, "bench", CancellationToken.None), "bench", CancellationToken.None));
var append = await MeasureAsync(() => audit.AppendAsync(new AuditEvent("system", "system", AuditActions.ReferralRead, "", "benchmark"), CancellationToken.None));
var reference = await FirstReferenceAsync();
var staffToken = DevelopmentTokenIssuer.Issue("bench", "bench", [StaffRoles.Analyst], TimeSpan.FromHours(1), new StaffAuthOptions());
var staffRead = await MeasureAsync(StaffReadAsync);
await table.DeleteAsync();
await host.DisposeAsync();

Console.WriteLine($"submissions per series: {submissions}; start-ups: {startups}");
Console.WriteLine($"start-up (fresh task hub, Azurite running): median {Median(startupMs):F0} ms  [{string.Join(", ", startupMs.Select(s => s.ToString("F0", CultureInfo.InvariantCulture)))}]");
Report("accepted submission (202)", submit);
Report("baseline: refused submission (401, HTTP floor)", unauthenticated);
Report("baseline: one Table Storage insert", insert);
Console.WriteLine($"ratio submission / HTTP floor:     {Median(submit) / Median(unauthenticated):F1}x");
Console.WriteLine($"ratio submission / one table insert: {Median(submit) / Median(insert):F1}x");
Report("AES-256-GCM encrypt + decrypt of the example", encrypt);
Report("audit chain append", append);
Report("staff read of a referral (audited, decrypted)", staffRead);
Console.WriteLine($"ratio encrypt+decrypt / one table insert: {Median(encrypt) / Median(insert):F3}x");
Console.WriteLine($"ratio audit append / one table insert:    {Median(append) / Median(insert):F1}x");
Console.WriteLine($"ratio staff read / HTTP floor:             {Median(staffRead) / Median(unauthenticated):F1}x");
return;

async Task<string> FirstReferenceAsync()
{
    using var response = await http.SendAsync(Signed(example, idempotencyKey: Guid.NewGuid().ToString("N")));
    Expect(response, HttpStatusCode.Accepted);
    return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
}

async Task StaffReadAsync()
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analyst/referrals/{reference}");
    request.Headers.Authorization = new("Bearer", staffToken);
    using var response = await http.SendAsync(request);
    Expect(response, HttpStatusCode.OK);
}

Task<LocalReferralHost> StartAsync()
{
    var id = "bench" + Guid.NewGuid().ToString("N")[..8];
    return LocalReferralHost.StartAsync(
        [],
        new Dictionary<string, string?>
        {
            ["LocalHost:Port"] = "0",
            ["LocalHost:StartAzurite"] = "false",
            ["LocalHost:TaskHubName"] = id,
            ["ReferralStorage:TablePrefix"] = id,
            ["CarrierAuth:RateLimit:PermitsPerMinute"] = "1000000",
            ["CarrierAuth:RateLimit:Burst"] = "1000000",

            // The benchmark sends from one address and one staff user far faster than any client may: lift those limits too.
            ["CarrierAuth:AddressRateLimit:PermitsPerMinute"] = "1000000",
            ["CarrierAuth:AddressRateLimit:Burst"] = "1000000",
            ["StaffAuth:RateLimit:PermitsPerMinute"] = "1000000",
            ["StaffAuth:RateLimit:Burst"] = "1000000",
        },
        configureLogging: logging => logging.SetMinimumLevel(LogLevel.Warning));
}

async Task SubmitAsync()
{
    using var response = await http.SendAsync(Signed(example, idempotencyKey: Guid.NewGuid().ToString("N")));
    Expect(response, HttpStatusCode.Accepted);
}

async Task UnauthenticatedAsync()
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = new ByteArrayContent(example) };
    using var response = await http.SendAsync(request);
    Expect(response, HttpStatusCode.Unauthorized);
}

async Task InsertAsync() =>
    await table.AddEntityAsync(new TableEntity("p", Guid.NewGuid().ToString("N")) { ["Body"] = example });

HttpRequestMessage Signed(byte[] body, string idempotencyKey)
{
    const string path = "/api/v1/referrals";
    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.Add(CarrierHeaders.CarrierId, LocalCarrierSecretStore.DemoCarrierId);
    request.Headers.Add(CarrierHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
    request.Headers.Add(CarrierHeaders.Nonce, nonce);
    request.Headers.Add(CarrierHeaders.Signature, CarrierSignature.Sign(LocalCarrierSecretStore.DemoSecret, timestamp, nonce, "POST", path, body));
    request.Headers.Add(SubmitReferralEndpoint.IdempotencyKeyHeader, idempotencyKey);
    return request;
}

async Task<List<double>> MeasureAsync(Func<Task> operation)
{
    var samples = new List<double>(submissions);
    for (var i = 0; i < submissions; i++)
    {
        var watch = Stopwatch.StartNew();
        await operation();
        samples.Add(watch.Elapsed.TotalMilliseconds);
    }

    return samples;
}

static void Expect(HttpResponseMessage response, HttpStatusCode status)
{
    if (response.StatusCode != status)
    {
        throw new InvalidOperationException($"Expected {status}, got {response.StatusCode}.");
    }
}

static double Median(List<double> samples) => Percentile(samples, 0.5);

static double Percentile(List<double> samples, double p)
{
    var sorted = samples.Order().ToArray();
    return sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
}

static void Report(string name, List<double> samples) =>
    Console.WriteLine($"{name,-48} median {Median(samples),7:F2} ms   p95 {Percentile(samples, 0.95),7:F2} ms");
