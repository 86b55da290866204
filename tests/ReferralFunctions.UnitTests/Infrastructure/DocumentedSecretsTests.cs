using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>
/// Every Key Vault secret the docs tell an operator to create must hold exactly the bytes that will be used: a carrier
/// signs with its secret's characters, so a trailing newline from <c>openssl rand … &gt; file</c> would become part of
/// the HMAC key and every request would get 401. The commands are read from the docs and their key generation is run
/// here (everything but the call to Azure), so the docs cannot drift from what is checked.
/// </summary>
public sealed partial class DocumentedSecretsTests
{
    private static readonly string[] Documents = ["README.md", "docs/deployment.md", "docs/security.md"];

    [Fact]
    public void Every_documented_secret_is_44_base64_characters_without_a_newline()
    {
        var commands = Documents.SelectMany(d => Find(d, RepositoryFiles.ReadAllText(d))).ToArray();

        // The data key and pseudonym key (deployment.md), a carrier's secret (deployment.md), the data key's rotation
        // (security.md): finding fewer means the extraction no longer sees them.
        Assert.True(commands.Length >= 4, $"found only {commands.Length} secret-creating commands");
        Assert.All(commands, command =>
        {
            var secret = Generate(command);
            Assert.True(IsExactKey(secret), $"{command.Document}: `{command.Command}` produces {Describe(secret)}");
        });
    }

    [Fact]
    public void Carrier_secrets_from_a_file_are_stored_as_the_file_is()
    {
        var fromFiles = Documents.SelectMany(d => Find(d, RepositoryFiles.ReadAllText(d))).Where(c => c.Generator is not null && c.Command.Contains("--file", StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(fromFiles);
        Assert.All(fromFiles, c => Assert.Contains("--encoding utf-8", c.Command, StringComparison.Ordinal));
    }

    [Fact]
    public void The_snippet_that_kept_the_newline_is_caught()
    {
        // What docs/deployment.md said before: the stored secret ended in "\n".
        const string before = """
            ```bash
            KEY_FILE=$(mktemp) && openssl rand -base64 32 > "$KEY_FILE"
            az keyvault secret set --vault-name "$KV" --name "carrier-$CARRIER" --file "$KEY_FILE" --output none
            ```
            """;

        var secret = Generate(Assert.Single(Find("before", before)));

        Assert.Equal(45, secret.Length);
        Assert.Equal((byte)'\n', secret[^1]);
        Assert.False(IsExactKey(secret));
    }

    /// <summary>A documented <c>az keyvault secret set</c> and the shell line that generates its value.</summary>
    private sealed record SecretCommand(string Document, string Command, string? Generator, string? FileVariable);

    private static bool IsExactKey(byte[] secret)
    {
        if (secret.Length != 44 || secret.Contains((byte)'\n') || secret.Contains((byte)'\r'))
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[33];
        return Convert.TryFromBase64String(Encoding.ASCII.GetString(secret), decoded, out var written) && written == 32;
    }

    private static string Describe(byte[] secret) =>
        $"{secret.Length} bytes{(secret.Length > 0 && secret[^1] == '\n' ? " ending in a newline" : "")}";

    /// <summary>Every secret-creating command in a markdown text: in fenced shell blocks and in inline code.</summary>
    private static IEnumerable<SecretCommand> Find(string document, string markdown)
    {
        var blocks = FencedBlock().Matches(markdown).Select(m => (IReadOnlyList<string>)LogicalLines(m.Groups["body"].Value)).ToList();
        var prose = FencedBlock().Replace(markdown, "");
        blocks.AddRange(InlineCode().Matches(prose).Select(m => (IReadOnlyList<string>)[m.Groups["code"].Value]));

        foreach (var lines in blocks)
        {
            foreach (var line in lines.Where(l => SecretSet().IsMatch(l)))
            {
                if (ValueFromCommand().Match(line) is { Success: true } value)
                {
                    yield return new SecretCommand(document, line, value.Groups["cmd"].Value, null);
                }
                else if (FileArgument().Match(line) is { Success: true } file)
                {
                    var variable = file.Groups["var"].Value;
                    var writer = lines.FirstOrDefault(l => l.Contains($"> \"${variable}\"", StringComparison.Ordinal));
                    yield return new SecretCommand(document, line, writer, variable);
                }
                else
                {
                    // A form this test does not know how to run: write it as one of the forms above.
                    yield return new SecretCommand(document, line, null, null);
                }
            }
        }
    }

    /// <summary>Runs the documented generation in bash and returns exactly the bytes that would be stored.</summary>
    private static byte[] Generate(SecretCommand command)
    {
        Assert.True(command.Generator is not null, $"{command.Document}: no generation found for `{command.Command}`");
        if (command.FileVariable is null)
        {
            return Encoding.UTF8.GetBytes(Bash($"set -euo pipefail; printf '%s' \"$({command.Generator})\""));
        }

        var path = Bash($"set -euo pipefail; {command.Generator}; printf '%s' \"${command.FileVariable}\"");
        try
        {
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Bash(string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bash -c '{script}' failed: {error}");
        return output;
    }

    /// <summary>The block's lines with indentation removed and backslash continuations joined.</summary>
    private static List<string> LogicalLines(string body)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }

            lines.Add(current.Append(line).ToString());
            current.Clear();
        }

        return lines;
    }

    [GeneratedRegex(@"^[ \t]*```(?:bash|sh|shell)[ \t]*\n(?<body>.*?)^[ \t]*```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\baz keyvault secret set\s")]
    private static partial Regex SecretSet();

    [GeneratedRegex(@"--value\s+""\$\((?<cmd>[^)]*)\)""")]
    private static partial Regex ValueFromCommand();

    [GeneratedRegex(@"--file\s+""\$(?<var>\w+)""")]
    private static partial Regex FileArgument();
}
