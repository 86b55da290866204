using ReferralFunctions.LocalHost;

var started = System.Diagnostics.Stopwatch.StartNew();
await using var host = await LocalReferralHost.StartAsync(args);
var logger = host.Services.GetRequiredService<ILogger<LocalReferralHost>>();
LocalReferralHost.LogListening(logger, host.BaseAddress, started.ElapsedMilliseconds);
await host.WaitForShutdownAsync();
