namespace ReferralFunctions.Http;

/// <summary>
/// The HTTP API's route table, shared by the Functions app (whose triggers use these constants under the host's
/// <c>api</c> prefix) and the local host (which maps them under <c>/api</c>). A test keeps the two identical.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public const string Health = "health";

    // Carriers (signed requests).
    public const string Referrals = "v1/referrals";
    public const string Referral = "v1/referrals/{reference}";
    public const string ReferralValidation = "v1/referrals/{reference}/validation";
    public const string ReferralFeedback = "v1/referrals/{reference}/feedback";

    // Staff (bearer tokens with roles).
    public const string AnalystQueue = "v1/analyst/referrals";
    public const string AnalystReferral = "v1/analyst/referrals/{reference}";
    public const string CoordinatorReferral = "v1/coordinator/referrals/{reference}";
    public const string SupervisorReferral = "v1/supervisor/referrals/{reference}";
    public const string AnalystQuestions = "v1/analyst/referrals/{reference}/questions";
    public const string AnalystMessages = "v1/analyst/messages";
    public const string CoordinatorReminders = "v1/coordinator/reminders";
    public const string SupervisorEscalations = "v1/supervisor/escalations";
    public const string AnalystValidation = "v1/analyst/referrals/{reference}/validation";
    public const string AnalystTriage = "v1/analyst/referrals/{reference}/triage";
    public const string AnalystTreatment = "v1/analyst/referrals/{reference}/treatment";
    public const string AnalystOutcome = "v1/analyst/referrals/{reference}/outcome";
    public const string CoordinatorFeedback = "v1/coordinator/referrals/{reference}/feedback";
    public const string SupervisorFeedbackClearance = "v1/supervisor/referrals/{reference}/feedback-clearance";
    public const string CoordinatorAnalysisSchedule = "v1/coordinator/referrals/{reference}/analysis-schedule";
    public const string CoordinatorAnalysis = "v1/coordinator/referrals/{reference}/analysis";
    public const string AnalystDisclosures = "v1/analyst/referrals/{reference}/disclosures";
    public const string SupervisorDisclosureApprovals = "v1/supervisor/referrals/{reference}/disclosure-approvals";
    public const string AnalystReferrerReveal = "v1/analyst/referrals/{reference}/referrer-reveal";
    public const string SupervisorReferrerReveal = "v1/supervisor/referrals/{reference}/referrer-reveal";
    public const string SupervisorAudit = "v1/supervisor/audit";
    public const string SupervisorAuditVerification = "v1/supervisor/audit/verification";
    public const string SupervisorWorkflowHealth = "v1/supervisor/workflow-health";
    public const string SupervisorWorkflowRepair = "v1/supervisor/referrals/{reference}/workflow-repair";

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new(nameof(Health), "GET", Health),
        new("SubmitReferral", "POST", Referrals),
        new("GetReferral", "GET", Referral),
        new("SubmitValidation", "POST", ReferralValidation),
        new("GetFeedback", "GET", ReferralFeedback),
        new(nameof(AnalystQueue), "GET", AnalystQueue),
        new(nameof(AnalystReferral), "GET", AnalystReferral),
        new(nameof(CoordinatorReferral), "GET", CoordinatorReferral),
        new(nameof(SupervisorReferral), "GET", SupervisorReferral),
        new(nameof(AnalystQuestions), "POST", AnalystQuestions),
        new(nameof(AnalystMessages), "GET", AnalystMessages),
        new(nameof(CoordinatorReminders), "GET", CoordinatorReminders),
        new(nameof(SupervisorEscalations), "GET", SupervisorEscalations),
        new(nameof(AnalystValidation), "POST", AnalystValidation),
        new(nameof(AnalystTriage), "POST", AnalystTriage),
        new(nameof(AnalystTreatment), "POST", AnalystTreatment),
        new(nameof(AnalystOutcome), "POST", AnalystOutcome),
        new(nameof(CoordinatorFeedback), "POST", CoordinatorFeedback),
        new(nameof(SupervisorFeedbackClearance), "POST", SupervisorFeedbackClearance),
        new(nameof(CoordinatorAnalysisSchedule), "POST", CoordinatorAnalysisSchedule),
        new(nameof(CoordinatorAnalysis), "POST", CoordinatorAnalysis),
        new(nameof(AnalystDisclosures), "POST", AnalystDisclosures),
        new(nameof(SupervisorDisclosureApprovals), "POST", SupervisorDisclosureApprovals),
        new(nameof(AnalystReferrerReveal), "POST", AnalystReferrerReveal),
        new(nameof(SupervisorReferrerReveal), "POST", SupervisorReferrerReveal),
        new(nameof(SupervisorAudit), "GET", SupervisorAudit),
        new(nameof(SupervisorAuditVerification), "GET", SupervisorAuditVerification),
        new(nameof(SupervisorWorkflowHealth), "GET", SupervisorWorkflowHealth),
        new(nameof(SupervisorWorkflowRepair), "POST", SupervisorWorkflowRepair),
    ];

    public static string ReferralLocation(string reference) => $"/{Prefix}/v1/referrals/{Uri.EscapeDataString(reference)}";
}

/// <summary>One route: the function name, HTTP method and template (without the <c>api/</c> prefix).</summary>
public sealed record ApiRoute(string Name, string Method, string Template);
