namespace ReferralFunctions.Admin;

/// <summary>
/// One maintenance command. <see cref="AdminTool"/> does everything around it, once for all: help, configuration, the
/// system's services, logging, the JSON it prints and the exit code. A command reads its arguments and does its work.
/// </summary>
public abstract class AdminCommand
{
    /// <summary>The word that selects the command, e.g. <c>reencrypt</c>.</summary>
    public abstract string Verb { get; }

    /// <summary>One line for the tool's help.</summary>
    public abstract string Summary { get; }

    /// <summary>What it prints and its exit codes, for its <c>--help</c>.</summary>
    public abstract string Details { get; }

    /// <summary>The arguments after the verb as usage shows them; empty when it takes none.</summary>
    public virtual string Arguments => "";

    /// <summary>
    /// Settings that must hold the app's real values when the command runs against Azure (read after <see cref="Bind"/>):
    /// their development defaults would write or check with keys the app does not use.
    /// </summary>
    public virtual IReadOnlyList<string> AzureSettings => [];

    /// <summary>The usage line.</summary>
    public string Usage => Arguments.Length == 0 ? Verb : $"{Verb} {Arguments}";

    /// <summary>Reads the arguments after the verb: why they are wrong, or null.</summary>
    public virtual string? Bind(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Count == 0 ? null : $"Unknown argument '{arguments[0]}'.";
    }

    /// <summary>Does the work with the system's services: what to print (as JSON) and the exit code.</summary>
    public abstract Task<AdminResult> RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>What a command printed (serialized as JSON on standard output) and its exit code.</summary>
public sealed record AdminResult(object Output, int ExitCode = AdminExitCodes.Done);

/// <summary>The tool's exit codes, the same for every command.</summary>
public static class AdminExitCodes
{
    /// <summary>Done (verify-audit: the chain is intact).</summary>
    public const int Done = 0;

    /// <summary>Storage, Key Vault or sign-in failed (logged on standard error). Every command is safe to run again.</summary>
    public const int Failed = 1;

    /// <summary>A usage or configuration error: nothing was read or written.</summary>
    public const int Usage = 2;

    /// <summary>The check found something: the audit chain is broken, or an export was refused (nothing written).</summary>
    public const int Found = 3;
}
