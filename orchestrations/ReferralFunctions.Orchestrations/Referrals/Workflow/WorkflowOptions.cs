using ReferralFunctions.Configuration;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Deadlines and reminder intervals of the referral workflow (section "Workflow"). Triage and treatment SLAs come from
/// the triage options, per priority. Tests set these to seconds.
/// </summary>
public sealed class WorkflowOptions : IValidatedOptions
{
    public const string SectionName = "Workflow";

    /// <summary>How long the carrier has to answer Customs' validation questions before the referral moves on.</summary>
    public TimeSpan ValidationDeadline { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often the carrier is reminded while validation is outstanding.</summary>
    public TimeSpan ValidationReminderInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long after the outcome feedback is due.</summary>
    public TimeSpan FeedbackDeadline { get; set; } = TimeSpan.FromDays(5);

    /// <summary>When the coordinator gets the first reminder after the outcome.</summary>
    public TimeSpan FeedbackFirstReminder { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the coordinator is reminded after that, until feedback is released.</summary>
    public TimeSpan FeedbackReminderInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often a supervisor is escalated to again while an SLA stays breached.</summary>
    public TimeSpan EscalationRepeatInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long post-incident analysis may take before the referral closes without it.</summary>
    public TimeSpan AnalysisDeadline { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Carriers' trust levels (trusted, standard, new) by carrier id; others are standard.</summary>
    public Dictionary<string, string> CarrierTrust { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Problems()
    {
        var durations = new (string Name, TimeSpan Value)[]
        {
            (nameof(ValidationDeadline), ValidationDeadline),
            (nameof(ValidationReminderInterval), ValidationReminderInterval),
            (nameof(FeedbackDeadline), FeedbackDeadline),
            (nameof(FeedbackFirstReminder), FeedbackFirstReminder),
            (nameof(FeedbackReminderInterval), FeedbackReminderInterval),
            (nameof(EscalationRepeatInterval), EscalationRepeatInterval),
            (nameof(AnalysisDeadline), AnalysisDeadline),
        };
        return durations.SelectMany(d => OptionRules.Positive($"{SectionName}:{d.Name}", d.Value, TimeSpan.FromDays(366)))
            .Concat(CarrierTrust
                .Where(t => t.Value.ToLowerInvariant() is not ("trusted" or "standard" or "new"))
                .Select(t => $"{SectionName}:CarrierTrust:{t.Key} must be trusted, standard or new."));
    }
}
