using System.ComponentModel.DataAnnotations;

namespace ReferralFunctions.Referrals.WorkflowHealth;

/// <summary>Settings of the workflow health check (section "WorkflowHealth").</summary>
public sealed class WorkflowHealthOptions
{
    public const string SectionName = "WorkflowHealth";

    /// <summary>How often the check runs in the local host (the Functions app runs it every five minutes on a timer).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long past its expected next event a workflow may sit before it is called stuck. Longer than the activity
    /// retry policy's longest run (about nine minutes), so a workflow riding out an outage is not reported.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(15);
}
