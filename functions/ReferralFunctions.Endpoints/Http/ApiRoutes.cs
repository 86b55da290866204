using ReferralFunctions.Audit;
using ReferralFunctions.Health;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Disclosures;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Referrals.Staff;
using ReferralFunctions.Referrals.Status;
using ReferralFunctions.Referrals.WorkflowHealth;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Http;

/// <summary>
/// The HTTP API's route table, the one both hosts serve: each route's name, method, template, callers and handler.
/// The local host maps <see cref="All"/> under <c>/api</c>; the Functions app has one trigger per route (the Worker SDK
/// needs them as methods), which uses these constants under the host's <c>api</c> prefix and hands over to
/// <see cref="ApiHandlers"/> by name. Tests keep the triggers and this table identical.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public const string Get = "GET";
    public const string Post = "POST";

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

    private static readonly ApiCallers Analyst = ApiCallers.Staff(StaffRoles.Analyst);
    private static readonly ApiCallers Coordinator = ApiCallers.Staff(StaffRoles.Coordinator);
    private static readonly ApiCallers Supervisor = ApiCallers.Staff(StaffRoles.Supervisor);

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new(nameof(Health), Get, Health, ApiCallers.Anyone, c => c.Get<HealthEndpoint>().HandleAsync(c.Request.HttpContext, c.Durable, c.CancellationToken)),
        new(Names.SubmitReferral, Post, Referrals, ApiCallers.Carrier, c => c.Get<SubmitReferralEndpoint>().HandleAsync(c.Request, c.Durable, c.CancellationToken)),
        new(Names.GetReferral, Get, Referral, ApiCallers.Carrier, c => c.Get<GetReferralEndpoint>().HandleAsync(c.Request, c.Reference, c.CancellationToken)),
        new(Names.SubmitValidation, Post, ReferralValidation, ApiCallers.Carrier, c => c.Get<CarrierValidationEndpoint>().HandleAsync(c.Request, c.Reference, c.Durable, c.CancellationToken)),
        new(Names.GetFeedback, Get, ReferralFeedback, ApiCallers.Carrier, c => c.Get<CarrierFeedbackEndpoint>().HandleAsync(c.Request, c.Reference, c.CancellationToken)),
        new(nameof(AnalystQueue), Get, AnalystQueue, Analyst, c => c.Get<StaffReferralEndpoints>().QueueAsync(c.Request, c.Get<TimeProvider>(), c.CancellationToken)),
        new(nameof(AnalystReferral), Get, AnalystReferral, Analyst, Detail),
        new(nameof(CoordinatorReferral), Get, CoordinatorReferral, Coordinator, Detail),
        new(nameof(SupervisorReferral), Get, SupervisorReferral, Supervisor, Detail),
        new(nameof(AnalystQuestions), Post, AnalystQuestions, Analyst, c => c.Get<StaffReferralEndpoints>().AddQuestionAsync(c.Request, c.Reference, c.Get<TimeProvider>(), c.CancellationToken)),
        new(nameof(AnalystMessages), Get, AnalystMessages, Analyst, c => c.Get<StaffReferralEndpoints>().MessagesAsync(c.Request, c.CancellationToken)),
        new(nameof(CoordinatorReminders), Get, CoordinatorReminders, Coordinator, Reminders),
        new(nameof(SupervisorEscalations), Get, SupervisorEscalations, Supervisor, Reminders),
        Decision(nameof(AnalystValidation), AnalystValidation, DecisionSteps.Validation),
        Decision(nameof(AnalystTriage), AnalystTriage, DecisionSteps.Triage),
        Decision(nameof(AnalystTreatment), AnalystTreatment, DecisionSteps.Treatment),
        Decision(nameof(AnalystOutcome), AnalystOutcome, DecisionSteps.Outcome),
        Decision(nameof(CoordinatorFeedback), CoordinatorFeedback, DecisionSteps.Feedback),
        Decision(nameof(SupervisorFeedbackClearance), SupervisorFeedbackClearance, DecisionSteps.FeedbackClearance),
        Decision(nameof(CoordinatorAnalysisSchedule), CoordinatorAnalysisSchedule, DecisionSteps.AnalysisSchedule),
        Decision(nameof(CoordinatorAnalysis), CoordinatorAnalysis, DecisionSteps.Analysis),
        new(nameof(AnalystDisclosures), Post, AnalystDisclosures, Analyst, c => c.Get<DisclosureEndpoints>().RequestAsync(c.Request, c.Reference, c.CancellationToken)),
        new(nameof(SupervisorDisclosureApprovals), Post, SupervisorDisclosureApprovals, Supervisor, c => c.Get<DisclosureEndpoints>().DecideAsync(c.Request, c.Reference, c.CancellationToken)),
        new(nameof(AnalystReferrerReveal), Post, AnalystReferrerReveal, Analyst, Reveal),
        new(nameof(SupervisorReferrerReveal), Post, SupervisorReferrerReveal, Supervisor, Reveal),
        new(nameof(SupervisorAudit), Get, SupervisorAudit, Supervisor, c => c.Get<AuditEndpoints>().ListAsync(c.Request, c.CancellationToken)),
        new(nameof(SupervisorAuditVerification), Get, SupervisorAuditVerification, Supervisor, c => c.Get<AuditEndpoints>().VerifyAsync(c.Request, c.CancellationToken), ApiDeadline.Report),
        new(nameof(SupervisorWorkflowHealth), Get, SupervisorWorkflowHealth, Supervisor, c => c.Get<WorkflowHealthEndpoints>().ListAsync(c.Request, c.Durable, c.CancellationToken), ApiDeadline.Report),
        new(nameof(SupervisorWorkflowRepair), Post, SupervisorWorkflowRepair, Supervisor, c => c.Get<WorkflowHealthEndpoints>().RepairAsync(c.Request, c.Reference, c.Durable, c.CancellationToken), ApiDeadline.Report),
    ];

    private static readonly Dictionary<string, ApiRoute> ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The route of this name; a name outside the table is a wiring defect.</summary>
    public static ApiRoute Find(string name) =>
        ByName.TryGetValue(name, out var route) ? route : throw new ArgumentOutOfRangeException(nameof(name), name, "No route of this name.");

    public static string ReferralLocation(string reference) => $"/{Prefix}/v1/referrals/{Uri.EscapeDataString(reference)}";

    // A staff decision step: its role comes from the step, so the route and the step cannot disagree.
    private static ApiRoute Decision(string name, string template, DecisionStep step) =>
        new(name, Post, template, ApiCallers.Staff(step.Role), c => c.Get<DecisionEndpoint>().HandleAsync(c.Request, c.Reference, step, c.Durable, c.CancellationToken));

    private static Task<Microsoft.AspNetCore.Http.IResult> Detail(ApiCall c) => c.Get<StaffReferralEndpoints>().DetailAsync(c.Request, c.Role, c.Reference, c.CancellationToken);

    private static Task<Microsoft.AspNetCore.Http.IResult> Reminders(ApiCall c) => c.Get<StaffReferralEndpoints>().RemindersAsync(c.Request, c.Role, c.CancellationToken);

    private static Task<Microsoft.AspNetCore.Http.IResult> Reveal(ApiCall c) => c.Get<ReferrerRevealEndpoint>().HandleAsync(c.Request, c.Role, c.Reference, c.CancellationToken);

    /// <summary>Names of the carrier routes, whose function names predate the template constants.</summary>
    public static class Names
    {
        public const string SubmitReferral = nameof(SubmitReferral);
        public const string GetReferral = nameof(GetReferral);
        public const string SubmitValidation = nameof(SubmitValidation);
        public const string GetFeedback = nameof(GetFeedback);
    }
}
