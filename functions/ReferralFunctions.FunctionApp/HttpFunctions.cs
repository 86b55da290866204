using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Http;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// HTTP triggers: one per route of <see cref="ApiRoutes"/>, each handing over to the shared <see cref="ApiHandlers"/>.
/// Authorization level is anonymous because every endpoint authenticates its callers itself (carrier signatures, staff
/// bearer tokens).
/// </summary>
public sealed class HttpFunctions(ApiHandlers handlers)
{
    [Function(nameof(ApiRoutes.Health))]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.Health)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.Health), request, null, durable);

    [Function("SubmitReferral")]
    public Task<IActionResult> SubmitReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.Referrals)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync("SubmitReferral", request, null, durable);

    [Function("GetReferral")]
    public Task<IActionResult> GetReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.Referral)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync("GetReferral", request, reference, durable);

    [Function("SubmitValidation")]
    public Task<IActionResult> SubmitValidation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.ReferralValidation)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync("SubmitValidation", request, reference, durable);

    [Function("GetFeedback")]
    public Task<IActionResult> GetFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.ReferralFeedback)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync("GetFeedback", request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystQueue))]
    public Task<IActionResult> AnalystQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.AnalystQueue)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.AnalystQueue), request, null, durable);

    [Function(nameof(ApiRoutes.AnalystReferral))]
    public Task<IActionResult> AnalystReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.AnalystReferral)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystReferral), request, reference, durable);

    [Function(nameof(ApiRoutes.CoordinatorReferral))]
    public Task<IActionResult> CoordinatorReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.CoordinatorReferral)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.CoordinatorReferral), request, reference, durable);

    [Function(nameof(ApiRoutes.SupervisorReferral))]
    public Task<IActionResult> SupervisorReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.SupervisorReferral)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.SupervisorReferral), request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystQuestions))]
    public Task<IActionResult> AnalystQuestions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.AnalystQuestions)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystQuestions), request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystMessages))]
    public Task<IActionResult> AnalystMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.AnalystMessages)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.AnalystMessages), request, null, durable);

    [Function(nameof(ApiRoutes.CoordinatorReminders))]
    public Task<IActionResult> CoordinatorReminders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.CoordinatorReminders)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.CoordinatorReminders), request, null, durable);

    [Function(nameof(ApiRoutes.SupervisorEscalations))]
    public Task<IActionResult> SupervisorEscalations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.SupervisorEscalations)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.SupervisorEscalations), request, null, durable);

    [Function(nameof(ApiRoutes.AnalystValidation))]
    public Task<IActionResult> AnalystValidation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.AnalystValidation)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystValidation), request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystTriage))]
    public Task<IActionResult> AnalystTriage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.AnalystTriage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystTriage), request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystTreatment))]
    public Task<IActionResult> AnalystTreatment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.AnalystTreatment)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystTreatment), request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystOutcome))]
    public Task<IActionResult> AnalystOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.AnalystOutcome)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystOutcome), request, reference, durable);

    [Function(nameof(ApiRoutes.CoordinatorFeedback))]
    public Task<IActionResult> CoordinatorFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.CoordinatorFeedback)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.CoordinatorFeedback), request, reference, durable);

    [Function(nameof(ApiRoutes.SupervisorFeedbackClearance))]
    public Task<IActionResult> SupervisorFeedbackClearance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.SupervisorFeedbackClearance)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.SupervisorFeedbackClearance), request, reference, durable);

    [Function(nameof(ApiRoutes.CoordinatorAnalysisSchedule))]
    public Task<IActionResult> CoordinatorAnalysisSchedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.CoordinatorAnalysisSchedule)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.CoordinatorAnalysisSchedule), request, reference, durable);

    [Function(nameof(ApiRoutes.CoordinatorAnalysis))]
    public Task<IActionResult> CoordinatorAnalysis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.CoordinatorAnalysis)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.CoordinatorAnalysis), request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystDisclosures))]
    public Task<IActionResult> AnalystDisclosures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.AnalystDisclosures)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystDisclosures), request, reference, durable);

    [Function(nameof(ApiRoutes.SupervisorDisclosureApprovals))]
    public Task<IActionResult> SupervisorDisclosureApprovals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.SupervisorDisclosureApprovals)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.SupervisorDisclosureApprovals), request, reference, durable);

    [Function(nameof(ApiRoutes.AnalystReferrerReveal))]
    public Task<IActionResult> AnalystReferrerReveal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.AnalystReferrerReveal)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.AnalystReferrerReveal), request, reference, durable);

    [Function(nameof(ApiRoutes.SupervisorReferrerReveal))]
    public Task<IActionResult> SupervisorReferrerReveal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.SupervisorReferrerReveal)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.SupervisorReferrerReveal), request, reference, durable);

    [Function(nameof(ApiRoutes.SupervisorAudit))]
    public Task<IActionResult> SupervisorAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.SupervisorAudit)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.SupervisorAudit), request, null, durable);

    [Function(nameof(ApiRoutes.SupervisorAuditVerification))]
    public Task<IActionResult> SupervisorAuditVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.SupervisorAuditVerification)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.SupervisorAuditVerification), request, null, durable);

    [Function(nameof(ApiRoutes.SupervisorWorkflowHealth))]
    public Task<IActionResult> SupervisorWorkflowHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.SupervisorWorkflowHealth)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        RunAsync(nameof(ApiRoutes.SupervisorWorkflowHealth), request, null, durable);

    [Function(nameof(ApiRoutes.SupervisorWorkflowRepair))]
    public Task<IActionResult> SupervisorWorkflowRepair(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.SupervisorWorkflowRepair)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string reference) =>
        RunAsync(nameof(ApiRoutes.SupervisorWorkflowRepair), request, reference, durable);

    private async Task<IActionResult> RunAsync(string route, HttpRequest request, string? reference, DurableTaskClient durable) =>
        new ResultActionAdapter(await handlers.HandleAsync(route, request, reference, durable, request.HttpContext.RequestAborted));
}
