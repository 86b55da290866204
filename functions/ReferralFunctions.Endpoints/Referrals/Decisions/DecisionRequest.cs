using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.Referrals.Decisions;

/// <summary>
/// The body of a staff decision. One shape for all steps; each step's schema says which fields it takes
/// (<see cref="DecisionStep.Schema"/>). Free text (reason, findings, lessons, text) is confidential: it is stored with the
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
}

/// <summary>A decision step: which role decides it, its kind, and how its body (checked by its schema) becomes the event.</summary>
public sealed record DecisionStep(string Segment, string Role, string Kind, Func<DecisionRequest, string, StaffDecision> Build)
{
    /// <summary>The step's body schema, <c>decision-{Segment}.schema.json</c>.</summary>
    public BodySchema Schema => BodySchema.Named($"decision-{Segment}.schema.json");

    /// <summary>The route (under <c>api/</c>): <c>v1/{role}/referrals/{reference}/{segment}</c>, always POST.</summary>
    public string Route => $"v1/{Role}/referrals/{{reference}}/{Segment}";

    /// <summary>The route's function name: role and segment in Pascal case, e.g. <c>CoordinatorFeedback</c>.</summary>
    public string FunctionName => Pascal(Role) + Pascal(Segment);

    private static string Pascal(string words) =>
        string.Concat(words.Split('-').Select(w => string.Concat(char.ToUpperInvariant(w[0]).ToString(), w[1..])));
}
