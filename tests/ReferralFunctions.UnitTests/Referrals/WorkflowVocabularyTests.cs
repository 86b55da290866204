using System.Reflection;
using System.Text;
using ReferralFunctions.Audit;
using ReferralFunctions.Http;
using ReferralFunctions.Messaging;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Triage;
using ReferralFunctions.Referrals.Workflow;
using ReferralFunctions.Staff;
using ReferralFunctions.UnitTests.Infrastructure;

namespace ReferralFunctions.UnitTests.Referrals;

/// <summary>
/// The workflow's vocabulary (decision kinds and steps, facts, actors, roles, reminders, audit actions, problem types,
/// priorities, treatments) is spelled once, in its definition file; every other source file goes through the definition,
/// so a typo does not compile. Actor prefixes (<c>carrier:</c>, <c>staff:</c>) may not even start a literal elsewhere.
/// </summary>
public sealed class WorkflowVocabularyTests
{
    private const string Workflow = "orchestrations/ReferralFunctions.Orchestrations/Referrals/Workflow/";
    private const string Triage = "orchestrations/ReferralFunctions.Orchestrations/Referrals/Triage/";

    /// <summary>Each vocabulary type and the one file that spells its values.</summary>
    private static readonly (Type Type, string File)[] Definitions =
    [
        (typeof(DecisionKinds), Workflow + "StaffDecision.cs"),
        (typeof(DecisionChoices), Workflow + "StaffDecision.cs"),
        (typeof(ReferralEvents), Workflow + "StaffDecision.cs"),
        (typeof(WorkflowFacts), Workflow + "WorkflowFacts.cs"),
        (typeof(ValidationOutcomes), Workflow + "WorkflowFacts.cs"),
        (typeof(DecisionDetails), Workflow + "WorkflowFacts.cs"),
        (typeof(ReminderKinds), Workflow + "Reminders.cs"),
        (typeof(ReminderRecipients), Workflow + "Reminders.cs"),
        (typeof(ReminderMessage), "orchestrations/ReferralFunctions.Orchestrations/Messaging/ReminderMessage.cs"),
        (typeof(Actor), "orchestrations/ReferralFunctions.Orchestrations/Audit/Actor.cs"),
        (typeof(ActorRoles), "orchestrations/ReferralFunctions.Orchestrations/Audit/Actor.cs"),
        (typeof(StaffRoles), "orchestrations/ReferralFunctions.Orchestrations/Staff/StaffUser.cs"),
        (typeof(AuditActions), "orchestrations/ReferralFunctions.Orchestrations/Audit/AuditEvent.cs"),
        (typeof(Priorities), Triage + "Priorities.cs"),
        (typeof(Treatments), Triage + "Treatments.cs"),
        (typeof(ProblemTypes), "functions/ReferralFunctions.Endpoints/Http/ProblemTypes.cs"),
        (typeof(DecisionSteps), "functions/ReferralFunctions.Endpoints/Referrals/Decisions/DecisionSteps.cs"),
    ];

    /// <summary>Files not scanned: none; the list stays so that an exception is visible and argued here.</summary>
    private static readonly string[] NotScannedYet = [];

    /// <summary>
    /// Literals that spell another thing that happens to share a vocabulary value (file, value, what it is instead).
    /// </summary>
    private static readonly (string File, string Value, string Why)[] SameSpellingOtherMeaning =
    [
        ("functions/ReferralFunctions.Endpoints/Referrals/Decisions/DecisionEndpoint.cs", "decision", "a decision body's JSON field, kept in the stored details"),
        ("functions/ReferralFunctions.Endpoints/Referrals/Decisions/DecisionEndpoint.cs", "treatment", "a decision body's JSON field, kept in the stored details"),
        ("functions/ReferralFunctions.Endpoints/Referrals/Disclosures/DisclosureEndpoints.cs", "approve", "a disclosure decision (approve | refuse), not a triage choice"),
        ("functions/ReferralFunctions.Endpoints/Health/HealthEndpoint.cs", "unavailable", "a health report's status, not a problem type"),
    ];

    [Fact]
    public void No_vocabulary_value_is_spelled_as_a_literal_outside_its_definition()
    {
        var vocabulary = Vocabulary();
        var found = new List<string>();
        foreach (var file in SourceFiles())
        {
            found.AddRange(Misspelled(file, File.ReadAllText(Path.Combine(RepositoryFiles.Root, file)), vocabulary));
        }

        Assert.True(found.Count == 0, "Workflow terms spelled outside their definition (use the constant instead):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_scan_finds_a_reintroduced_literal_and_a_concatenated_actor_prefix()
    {
        const string source = """
            // "feedback-draft" in a comment is fine, and so is '"'.
            var kind = "feedback-draft";
            var actor = "staff:" + user.UserId;
            var carrier = $"carrier:{pseudonym}";
            var fact = referral.Fact("FeedbackDecisionId");
            var url = "https://example.org/feedback-draft";
            """;

        var found = Misspelled("functions/Sample.cs", source, Vocabulary());

        Assert.Equal(4, found.Count);
        Assert.Contains(found, f => f.Contains("line 2", StringComparison.Ordinal) && f.Contains("\"feedback-draft\"", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("line 3", StringComparison.Ordinal) && f.Contains("\"staff:\"", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("line 4", StringComparison.Ordinal) && f.Contains("\"carrier:\"", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("line 5", StringComparison.Ordinal) && f.Contains("\"FeedbackDecisionId\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_decision_kind_has_one_step_and_every_step_one_post_route_derived_from_it()
    {
        Assert.Equal(ConstantValues(typeof(DecisionKinds)).Order(), DecisionSteps.All.Select(s => s.Kind).Order());
        foreach (var step in DecisionSteps.All)
        {
            Assert.Contains(StaffRoles.All, role => role == step.Role);
            Assert.Single(ApiRoutes.All, r => r.Name == step.FunctionName && r.Method == "POST" && r.Template == step.Route);
        }

        Assert.Equal("CoordinatorFeedback", DecisionSteps.Feedback.FunctionName);
        Assert.Equal(ApiRoutes.CoordinatorFeedback, DecisionSteps.Feedback.Route);
        Assert.Equal(DecisionKinds.FeedbackDraft, DecisionSteps.Feedback.Kind);
    }

    [Theory]
    [InlineData("system", ActorKind.System, "")]
    [InlineData("carrier:REFERRER-0A1B2C3D4E5F6A7B", ActorKind.Carrier, "REFERRER-0A1B2C3D4E5F6A7B")]
    [InlineData("staff:3f2c9a", ActorKind.Staff, "3f2c9a")]
    public void An_actor_reads_back_as_it_was_written(string stored, ActorKind kind, string id)
    {
        var actor = Actor.Parse(stored);

        Assert.Equal(new Actor(kind, id), actor);
        Assert.Equal(stored, actor.ToString());
        Assert.Equal(kind == ActorKind.Carrier, Actor.IsCarrier(stored));
    }

    [Fact]
    public void Reminders_are_kept_under_the_role_that_lists_them()
    {
        Assert.Equal(StaffRoles.Coordinator, ReminderRecipients.Coordinator);
        Assert.Equal(StaffRoles.Supervisor, ReminderRecipients.Supervisor);
        Assert.Equal(ActorRoles.Carrier, ReminderRecipients.Carrier);
    }

    private static Dictionary<string, HashSet<string>> Vocabulary()
    {
        var vocabulary = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (type, file) in Definitions)
        {
            var values = ConstantValues(type).ToList();
            if (type == typeof(DecisionSteps))
            {
                values.AddRange(DecisionSteps.All.Select(s => s.Segment));
            }

            foreach (var value in values)
            {
                if (!vocabulary.TryGetValue(value, out var files)) vocabulary[value] = files = new HashSet<string>(StringComparer.Ordinal);
                files.Add(file);
            }
        }

        return vocabulary;
    }

    // Private constants too: Actor keeps its prefixes to itself.
    private static IEnumerable<string> ConstantValues(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static IEnumerable<string> SourceFiles() =>
        new[] { "functions", "orchestrations" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/'))
            .Where(file => !file.Contains("/obj/", StringComparison.Ordinal) && !file.Contains("/bin/", StringComparison.Ordinal))
            .Where(file => !NotScannedYet.Contains(file))
            .Order(StringComparer.Ordinal);

    private static List<string> Misspelled(string file, string source, Dictionary<string, HashSet<string>> vocabulary)
    {
        var found = new List<string>();
        foreach (var (text, line) in StringLiterals(source))
        {
            // Exact values; actor prefixes also when they start a longer literal ("carrier:" + …, $"staff:{id}").
            var term = vocabulary.Keys.FirstOrDefault(v => text == v || (v.EndsWith(':') && text.StartsWith(v, StringComparison.Ordinal)));
            if (term is null || vocabulary[term].Contains(file) || SameSpellingOtherMeaning.Any(s => s.File == file && s.Value == term))
            {
                continue;
            }

            found.Add($"{file} line {line}: \"{term}\" (defined in {string.Join(", ", vocabulary[term].Order(StringComparer.Ordinal))})");
        }

        return found;
    }

    /// <summary>
    /// The text of every string literal with its line, skipping comments and char literals. An interpolated literal
    /// yields its text up to the first hole (all a prefix check needs), and the literals inside its holes.
    /// </summary>
    private static List<(string Text, int Line)> StringLiterals(string source, int firstLine = 1)
    {
        var found = new List<(string, int)>();
        var line = firstLine;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '\n')
            {
                line++;
            }
            else if (c == '/' && next == '/')
            {
                while (i + 1 < source.Length && source[i + 1] != '\n') i++;
            }
            else if (c == '/' && next == '*')
            {
                for (i += 2; i + 1 < source.Length && !(source[i] == '*' && source[i + 1] == '/'); i++)
                {
                    if (source[i] == '\n') line++;
                }

                i++;
            }
            else if (c == '\'')
            {
                for (i++; i < source.Length && source[i] != '\''; i++)
                {
                    if (source[i] == '\\') i++;
                }
            }
            else if (c == '"')
            {
                var prefix = source[Math.Max(0, i - 2)..i];
                var verbatim = prefix.EndsWith('@') || prefix == "@$";
                var interpolated = prefix.EndsWith('$') || prefix == "$@";
                var start = line;
                var text = new StringBuilder();
                var holeSeen = false;
                for (i++; i < source.Length; i++)
                {
                    var d = source[i];
                    var after = i + 1 < source.Length ? source[i + 1] : '\0';
                    if (d == '\n') line++;
                    if (interpolated && (d is '{' or '}') && after == d)
                    {
                        i++;
                        if (!holeSeen) text.Append(d);
                    }
                    else if (interpolated && d == '{')
                    {
                        holeSeen = true;
                        var holeLine = line;
                        var hole = new StringBuilder();
                        for (i++; i < source.Length && source[i] != '}'; i++)
                        {
                            // A literal inside the hole is copied whole, so its braces do not end the hole.
                            if (source[i] == '"')
                            {
                                hole.Append('"');
                                for (i++; i < source.Length && source[i] != '"'; i++)
                                {
                                    if (source[i] == '\\') hole.Append(source[i++]);
                                    hole.Append(source[i]);
                                }
                            }

                            if (i < source.Length && source[i] == '\n') line++;
                            if (i < source.Length) hole.Append(source[i]);
                        }

                        found.AddRange(StringLiterals(hole.ToString(), holeLine));
                    }
                    else if (verbatim && d == '"' && after == '"')
                    {
                        i++;
                        if (!holeSeen) text.Append('"');
                    }
                    else if (d == '"')
                    {
                        break;
                    }
                    else if (!verbatim && d == '\\')
                    {
                        i++;
                        if (!holeSeen) text.Append(d).Append(after);
                    }
                    else if (!holeSeen)
                    {
                        text.Append(d);
                    }
                }

                found.Add((text.ToString(), start));
            }
        }

        return found;
    }
}
