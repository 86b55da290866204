using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
/// <see cref="HandleAsync"/> with their route's name; the local host maps each route to it). It is also the one place
/// where an outage of storage or the durable engine becomes 503 with <c>Retry-After</c>, within the request deadline.
/// </summary>
public sealed partial class ApiHandlers(
    HealthEndpoint health,
    SubmitReferralEndpoint submit,
    GetReferralEndpoint get,
    CarrierValidationEndpoint validation,
    CarrierFeedbackEndpoint feedback,
    StaffReferralEndpoints staff,
    DecisionEndpoint decisions,
    DisclosureEndpoints disclosures,
    ReferrerRevealEndpoint reveal,
    AuditEndpoints audit,
    WorkflowHealthEndpoints workflowHealth,
    TimeProvider time,
    IOptions<ResilienceOptions> resilience,
    ILogger<ApiHandlers> logger)
{
    public async Task<IResult> HandleAsync(string route, HttpRequest request, string? reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Every wait on storage or the engine ends at the deadline: a request is answered in time even when they are silent.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(route is nameof(ApiRoutes.SupervisorAuditVerification) or nameof(ApiRoutes.SupervisorWorkflowHealth) or nameof(ApiRoutes.SupervisorWorkflowRepair) ? resilience.Value.ReportDeadline : resilience.Value.RequestDeadline);
        try
        {
            return await DispatchAsync(route, request, reference, durable, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Unavailability.IsUnavailable(ex))
        {
            Log.Unavailable(logger, route, ex.GetType().Name, deadline.IsCancellationRequested);
            return Problems.Unavailable(request.HttpContext, resilience.Value.RetryAfter);
        }
    }

    private Task<IResult> DispatchAsync(string route, HttpRequest request, string? reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {

        // Every answer is JSON that may hold text a carrier or staff member typed; no browser may sniff it into HTML.
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";

        // Nor may any cache keep it: answers carry referral data, feedback and staff-only views (ASVS 14.3.2).
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        reference ??= "";
        return route switch
        {
            nameof(ApiRoutes.Health) => health.HandleAsync(request.HttpContext, durable, cancellationToken),
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
            nameof(ApiRoutes.AnalystReferrerReveal) => reveal.HandleAsync(request, StaffRoles.Analyst, reference, cancellationToken),
            nameof(ApiRoutes.SupervisorReferrerReveal) => reveal.HandleAsync(request, StaffRoles.Supervisor, reference, cancellationToken),
            nameof(ApiRoutes.SupervisorAudit) => audit.ListAsync(request, cancellationToken),
            nameof(ApiRoutes.SupervisorAuditVerification) => audit.VerifyAsync(request, cancellationToken),
            nameof(ApiRoutes.SupervisorWorkflowHealth) => workflowHealth.ListAsync(request, durable, cancellationToken),
            nameof(ApiRoutes.SupervisorWorkflowRepair) => workflowHealth.RepairAsync(request, reference, durable, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, "No handler for this route."),
        };
    }

    private static partial class Log
    {
        // The exception's type only: its message may quote storage keys, which hold references and carrier ids.
        [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{Route} answered 503: storage or the durable engine is unavailable ({ExceptionType}, deadline reached: {DeadlineReached})")]
        public static partial void Unavailable(ILogger logger, string route, string exceptionType, bool deadlineReached);
    }
}
