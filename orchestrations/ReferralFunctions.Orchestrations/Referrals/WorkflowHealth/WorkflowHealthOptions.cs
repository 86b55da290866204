using ReferralFunctions.Configuration;

namespace ReferralFunctions.Referrals.WorkflowHealth;

/// <summary>Settings of the workflow health check (section "WorkflowHealth").</summary>
public sealed class WorkflowHealthOptions : IValidatedOptions
{
    public const string SectionName = "WorkflowHealth";

    /// <summary>How often the check runs in the local host (the Functions app runs it every five minutes on a timer).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long past its expected next event a workflow may sit before it is called stuck. Longer than the activity
    /// retry policy's longest run (about nine minutes), so a workflow riding out an outage is not reported.
    /// </summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<string> Problems() =>
        OptionRules.Positive($"{SectionName}:{nameof(Interval)}", Interval, TimeSpan.FromDays(1))
            .Concat(OptionRules.Positive($"{SectionName}:{nameof(Grace)}", Grace, TimeSpan.FromDays(1)));
}
