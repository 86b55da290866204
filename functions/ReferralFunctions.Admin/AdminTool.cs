using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Admin;

/// <summary>
/// The maintenance tool's one opening, shared by every command: help, configuration (environment variables in the
/// Functions app's setting names), the system's services as the app registers them, logging on standard error, the
/// result as JSON on standard output, and the exit code (<see cref="AdminExitCodes"/>).
/// </summary>
public static partial class AdminTool
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Every command, new for each run (a command keeps the arguments it was given).</summary>
    public static IReadOnlyList<AdminCommand> Commands() =>
        [new ReencryptCommand(), new VerifyAuditCommand(), new ExportTablesCommand(), new RestoreTablesCommand()];

    /// <summary>
    /// The tool's configuration: environment variables, named as the Functions app's settings (<c>Section__Key</c>).
    /// Nothing set means the local Azurite with the development keys, as the local host runs.
    /// </summary>
    public static IConfiguration Configuration() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>
    /// Runs the command <paramref name="args"/> name with <paramref name="configuration"/>; returns the exit code.
    /// <paramref name="logging"/> adds the log providers (the tool's own process: <see cref="ConsoleLogging"/>); without
    /// it nothing is logged, so a caller in a process with other hosts (tests) gets no Azure SDK events of theirs.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter error, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 0 || IsHelp(args[0]))
        {
            await (args.Count == 0 ? error : output).WriteAsync(Help()).ConfigureAwait(false);
            return args.Count == 0 ? AdminExitCodes.Usage : AdminExitCodes.Done;
        }

        var command = Commands().FirstOrDefault(c => c.Verb == args[0]);
        if (command is null)
        {
            await error.WriteLineAsync($"Unknown command '{args[0]}'.").ConfigureAwait(false);
            await error.WriteAsync(Help()).ConfigureAwait(false);
            return AdminExitCodes.Usage;
        }

        var arguments = args.Skip(1).ToArray();
        if (arguments.Any(IsHelp))
        {
            await output.WriteAsync(Help(command)).ConfigureAwait(false);
            return AdminExitCodes.Done;
        }

        if (command.Bind(arguments) is { } problem)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            await error.WriteLineAsync($"usage: {command.Usage}").ConfigureAwait(false);
            return AdminExitCodes.Usage;
        }

        var refused = AzureTargetCheck.Find(configuration, command.AzureSettings);
        foreach (var reason in refused)
        {
            await error.WriteLineAsync($"Refusing to run {command.Verb} against Azure: {reason}").ConfigureAwait(false);
        }

        if (refused.Count > 0)
        {
            return AdminExitCodes.Usage;
        }

        var services = Services(configuration, logging);
        await using (services.ConfigureAwait(false))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminTool));
            var (storage, keys) = (AzureTargetCheck.DescribeStorage(configuration), AzureTargetCheck.DescribeKeys(configuration));
            Log.Running(logger, command.Verb, storage, keys);
            try
            {
                var result = await command.RunAsync(services, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(JsonSerializer.Serialize(result.Output, Json)).ConfigureAwait(false);
                return result.ExitCode;
            }
            catch (OptionsValidationException invalid)
            {
                await error.WriteLineAsync(invalid.Message).ConfigureAwait(false);
                return AdminExitCodes.Usage;
            }
            catch (Exception failure) when (IsAzureFailure(failure) || (failure is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                Log.Failed(logger, command.Verb, failure);
                return AdminExitCodes.Failed;
            }
        }
    }

    /// <summary>The services as both hosts register them (<c>AddReferralServices</c>), without a host: nothing runs in the background.</summary>
    private static ServiceProvider Services(IConfiguration configuration, Action<ILoggingBuilder>? logging) =>
        new ServiceCollection()
            .AddLogging(builder =>
            {
                builder.AddConfiguration(configuration.GetSection("Logging")).AddFilter("Azure", LogLevel.Warning);
                logging?.Invoke(builder);
            })
            .AddSingleton(configuration)
            .AddReferralServices(configuration)
            .BuildServiceProvider();

    /// <summary>Storage or Key Vault answered with an error or not at all (the SDK's retries end in an AggregateException), or sign-in failed.</summary>
    private static bool IsAzureFailure(Exception failure) => failure switch
    {
        RequestFailedException or AuthenticationFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsAzureFailure),
        _ => false,
    };

    /// <summary>Logs one line per event on standard error, leaving standard output to the JSON result.</summary>
    public static void ConsoleLogging(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddSimpleConsole(console => console.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static bool IsHelp(string argument) => argument is "--help" or "-h" or "help";

    private static string Help()
    {
        var help = new StringBuilder()
            .AppendLine("usage: ReferralFunctions.Admin <command> [arguments]   (<command> --help for its own)")
            .AppendLine()
            .AppendLine("commands:");
        foreach (var command in Commands())
        {
            help.AppendLine(CultureInfo.InvariantCulture, $"  {command.Verb,-16}{command.Summary}");
        }

        return help
            .AppendLine()
            .AppendLine("Settings are environment variables named as the Functions app's (ReferralStorage__tableServiceUri,")
            .AppendLine("KeyVault__vaultUri, Audit__ChainKey, ...). None set: the local Azurite with the development keys.")
            .AppendLine("In Azure the credential is DefaultAzureCredential (az login), or a managed identity with")
            .AppendLine("ReferralStorage__credential=managedidentity and ReferralStorage__clientId. See docs/deployment.md.")
            .ToString();
    }

    private static string Help(AdminCommand command) =>
        new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"usage: ReferralFunctions.Admin {command.Usage}")
            .AppendLine()
            .AppendLine(command.Summary)
            .AppendLine(command.Details.TrimEnd())
            .ToString();

    private static partial class Log
    {
        [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Running {Command} against {Storage} with {Keys}")]
        public static partial void Running(ILogger logger, string command, string storage, string keys);

        [LoggerMessage(EventId = 9202, Level = LogLevel.Error, Message = "{Command} did not complete: storage, Key Vault or sign-in failed")]
        public static partial void Failed(ILogger logger, string command, Exception exception);
    }
}
