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
public sealed record DecisionStep(string Name, string Role, string Kind, Func<DecisionRequest, string, StaffDecision> Build)
{
    /// <summary>The step's body schema, <c>decision-{Name}.schema.json</c>.</summary>
    public BodySchema Schema => BodySchema.Named($"decision-{Name}.schema.json");
}
