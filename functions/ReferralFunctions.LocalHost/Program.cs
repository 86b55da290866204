using ReferralFunctions.LocalHost;

// The one command besides running: a local development staff token. Maintenance commands are in ReferralFunctions.Admin.
if (args.Length > 0 && args[0] is StaffTokenCommand.Verb)
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    return StaffTokenCommand.Run(args, configuration, Console.Out, Console.Error);
}

var started = System.Diagnostics.Stopwatch.StartNew();
await using var host = await LocalReferralHost.StartAsync(args);
var logger = host.Services.GetRequiredService<ILogger<LocalReferralHost>>();
LocalReferralHost.LogListening(logger, host.BaseAddress, started.ElapsedMilliseconds);
await host.WaitForShutdownAsync();
return 0;
