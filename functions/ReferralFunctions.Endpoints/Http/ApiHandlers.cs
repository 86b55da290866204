using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
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
/// Every route's handler, by route name: the one dispatch table both hosts use (the Functions triggers call
/// <see cref="HandleAsync"/> with their route's name; the local host maps each route to it).
/// </summary>
public sealed class ApiHandlers(
    HealthEndpoint health,
    SubmitReferralEndpoint submit,
    GetReferralEndpoint get,
    CarrierValidationEndpoint validation,
    CarrierFeedbackEndpoint feedback,
    StaffReferralEndpoints staff,
    DecisionEndpoint decisions,
    DisclosureEndpoints disclosures,
    AuditEndpoints audit,
    WorkflowHealthEndpoints workflowHealth,
    TimeProvider time)
{
    public Task<IResult> HandleAsync(string route, HttpRequest request, string? reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Every answer is JSON that may hold text a carrier or staff member typed; no browser may sniff it into HTML.
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        reference ??= "";
        return route switch
        {
            nameof(ApiRoutes.Health) => health.HandleAsync(durable, cancellationToken),
            "SubmitReferral" => submit.HandleAsync(request, durable, cancellationToken),
            "GetReferral" => get.HandleAsync(request, reference, cancellationToken),
            "SubmitValidation" => validation.HandleAsync(request, reference, durable, cancellationToken),
            "GetFeedback" => feedback.HandleAsync(request, reference, cancellationToken),
            nameof(ApiRoutes.AnalystQueue) => staff.QueueAsync(request, cancellationToken),
            nameof(ApiRoutes.AnalystReferral) => staff.DetailAsync(request, StaffRoles.Analyst, reference, cancellationToken),
            nameof(ApiRoutes.CoordinatorReferral) => staff.DetailAsync(request, StaffRoles.Coordinator, reference, cancellationToken),
            nameof(ApiRoutes.SupervisorReferral) => staff.DetailAsync(request, StaffRoles.Supervisor, reference, cancellationToken),
            nameof(ApiRoutes.AnalystQuestions) => staff.AddQuestionAsync(request, reference, time, cancellationToken),
            nameof(ApiRoutes.AnalystMessages) => staff.MessagesAsync(request, cancellationToken),
            nameof(ApiRoutes.CoordinatorReminders) => staff.RemindersAsync(request, StaffRoles.Coordinator, cancellationToken),
            nameof(ApiRoutes.SupervisorEscalations) => staff.RemindersAsync(request, StaffRoles.Supervisor, cancellationToken),
            nameof(ApiRoutes.AnalystValidation) => decisions.HandleAsync(request, reference, DecisionSteps.Validation, durable, cancellationToken),
            nameof(ApiRoutes.AnalystTriage) => decisions.HandleAsync(request, reference, DecisionSteps.Triage, durable, cancellationToken),
            nameof(ApiRoutes.AnalystTreatment) => decisions.HandleAsync(request, reference, DecisionSteps.Treatment, durable, cancellationToken),
            nameof(ApiRoutes.AnalystOutcome) => decisions.HandleAsync(request, reference, DecisionSteps.Outcome, durable, cancellationToken),
            nameof(ApiRoutes.CoordinatorFeedback) => decisions.HandleAsync(request, reference, DecisionSteps.Feedback, durable, cancellationToken),
            nameof(ApiRoutes.SupervisorFeedbackClearance) => decisions.HandleAsync(request, reference, DecisionSteps.FeedbackClearance, durable, cancellationToken),
            nameof(ApiRoutes.CoordinatorAnalysisSchedule) => decisions.HandleAsync(request, reference, DecisionSteps.AnalysisSchedule, durable, cancellationToken),
            nameof(ApiRoutes.CoordinatorAnalysis) => decisions.HandleAsync(request, reference, DecisionSteps.Analysis, durable, cancellationToken),
            nameof(ApiRoutes.AnalystDisclosures) => disclosures.RequestAsync(request, reference, cancellationToken),
            nameof(ApiRoutes.SupervisorDisclosureApprovals) => disclosures.DecideAsync(request, reference, cancellationToken),
            nameof(ApiRoutes.SupervisorAudit) => audit.ListAsync(request, cancellationToken),
            nameof(ApiRoutes.SupervisorAuditVerification) => audit.VerifyAsync(request, cancellationToken),
            nameof(ApiRoutes.SupervisorWorkflowHealth) => workflowHealth.ListAsync(request, durable, cancellationToken),
            nameof(ApiRoutes.SupervisorWorkflowRepair) => workflowHealth.RepairAsync(request, reference, durable, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, "No handler for this route."),
        };
    }
}
