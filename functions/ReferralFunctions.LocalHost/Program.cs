using ReferralFunctions.LocalHost;

if (args.Length > 0 && args[0] is StaffTokenCommand.Verb or VerifyAuditCommand.Verb or ReencryptCommand.Verb or ExportTablesCommand.Verb or RestoreTablesCommand.Verb)
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    return args[0] switch
    {
        StaffTokenCommand.Verb => StaffTokenCommand.Run(args, configuration, Console.Out, Console.Error),
        VerifyAuditCommand.Verb => await VerifyAuditCommand.RunAsync(configuration, Console.Out),
        ExportTablesCommand.Verb => await ExportTablesCommand.RunAsync(configuration, Console.Out),
        RestoreTablesCommand.Verb => await RestoreTablesCommand.RunAsync(args, configuration, Console.Out, Console.Error),
        _ => await ReencryptCommand.RunAsync(configuration, Console.Out),
    };
}

var started = System.Diagnostics.Stopwatch.StartNew();
await using var host = await LocalReferralHost.StartAsync(args);
var logger = host.Services.GetRequiredService<ILogger<LocalReferralHost>>();
LocalReferralHost.LogListening(logger, host.BaseAddress, started.ElapsedMilliseconds);
await host.WaitForShutdownAsync();
return 0;
