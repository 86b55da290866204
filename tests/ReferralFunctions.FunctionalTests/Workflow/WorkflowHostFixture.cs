using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Workflow;

/// <summary>The local host with the workflow's deadlines in seconds, so the paths where nobody answers run quickly.</summary>
public sealed class WorkflowHostFixture : ReferralHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Workflow:ValidationDeadline"] = "00:00:06";
        settings["Workflow:ValidationReminderInterval"] = "00:00:02";
        settings["Workflow:FeedbackDeadline"] = "00:00:06";
        settings["Workflow:FeedbackFirstReminder"] = "00:00:02";
        settings["Workflow:FeedbackReminderInterval"] = "00:00:02";
        settings["Workflow:EscalationRepeatInterval"] = "00:00:03";
        settings["Workflow:AnalysisDeadline"] = "00:01:00";
        foreach (var (key, value) in TriageSlas)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Triage and treatment SLAs of a few seconds, per priority.</summary>
    public static IEnumerable<(string Key, string Value)> TriageSlas =>
        new[] { "critical", "high", "medium", "low" }.SelectMany(p => new[]
        {
            ($"Triage:TriageSlas:{p}", "00:00:04"),
            ($"Triage:TreatmentSlas:{p}", "00:00:30"),
        });
}
