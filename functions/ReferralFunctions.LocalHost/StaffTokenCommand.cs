using System.Globalization;
using ReferralFunctions.Staff;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// <c>token --user alice --role analyst [--role supervisor] [--name "Alice Analyst"] [--minutes 480]</c>: prints a
/// local development staff token and exits, without starting the host.
/// </summary>
public static class StaffTokenCommand
{
    public const string Verb = "token";

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? user = null;
        string? name = null;
        var minutes = 480;
        var roles = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user": user = value; i++; break;
                case "--name": name = value; i++; break;
                case "--role": if (value is not null) roles.Add(value); i++; break;
                case "--minutes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0: minutes = m; i++; break;
                default:
                    error.WriteLine($"Unknown argument '{args[i]}'.");
                    return Usage(error);
            }
        }

        if (string.IsNullOrWhiteSpace(user) || roles.Count == 0 || roles.Any(r => !StaffRoles.All.Contains(r)))
        {
            return Usage(error);
        }

        var options = configuration.GetSection(StaffAuthOptions.SectionName).Get<StaffAuthOptions>() ?? new StaffAuthOptions();
        output.WriteLine(DevelopmentTokenIssuer.Issue(user, name ?? user, roles, TimeSpan.FromMinutes(minutes), options));
        return 0;
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine($"usage: {Verb} --user <id> --role <{string.Join("|", StaffRoles.All)}> [--role …] [--name <name>] [--minutes <n>]");
        return 2;
    }
}
