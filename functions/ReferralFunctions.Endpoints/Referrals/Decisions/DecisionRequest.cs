using System.Text.Json;
using System.Text.Json.Serialization;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.Decisions;

/// <summary>
/// The body of a staff decision. One shape for all steps; each step reads the fields it needs
/// (<see cref="DecisionSteps"/>). Free text (reason, findings, lessons, text) is confidential: it is stored with the
/// decision and never put in the workflow's event.
/// </summary>
public sealed record DecisionRequest
{
    public string? DecisionId { get; init; }

    /// <summary>approve | override (triage); release | return (feedback clearance).</summary>
    public string? Decision { get; init; }

    public string? Priority { get; init; }

    public IReadOnlyList<string>? Agencies { get; init; }

    public string? Treatment { get; init; }

    /// <summary>positive | negative.</summary>
    public string? Result { get; init; }

    public IReadOnlyList<string>? FollowUpActions { get; init; }

    public DateTimeOffset? ScheduledFor { get; init; }

    public string? Reason { get; init; }

    public string? Findings { get; init; }

    public string? Lessons { get; init; }

    public string? Text { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>
/// A decision step, defined once: its route segment, which role decides it, the kind of decision it raises, and how
/// its body is checked and turned into the event. Its route and function name derive from the segment and role.
/// </summary>
public sealed record DecisionStep(string Segment, string Role, string Kind, Func<DecisionRequest, List<FieldError>, string, StaffDecision?> Build)
{
    /// <summary>The route (under <c>api/</c>): <c>v1/{role}/referrals/{reference}/{segment}</c>, always POST.</summary>
    public string Route => $"v1/{Role}/referrals/{{reference}}/{Segment}";

    /// <summary>The route's function name: role and segment in Pascal case, e.g. <c>CoordinatorFeedback</c>.</summary>
    public string FunctionName => Pascal(Role) + Pascal(Segment);

    private static string Pascal(string words) =>
        string.Concat(words.Split('-').Select(w => string.Concat(char.ToUpperInvariant(w[0]).ToString(), w[1..])));
}
