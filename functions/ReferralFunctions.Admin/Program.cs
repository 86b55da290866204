using ReferralFunctions.Admin;

// Ctrl+C stops the command between storage calls; every command is safe to run again.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await AdminTool.RunAsync(args, AdminTool.Configuration(), Console.Out, Console.Error, AdminTool.ConsoleLogging, stop.Token);
