using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Http;
using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// HTTP triggers: one per route of <see cref="ApiRoutes.All"/>, each handing its function name to the shared
/// <see cref="ApiHandlers"/>, which runs the route of that name. They are methods only because the Worker SDK finds
/// functions by their attributes; FunctionTriggerParityTests keeps them and the table identical. Authorization level is
/// anonymous because every endpoint authenticates its callers itself (carrier signatures, staff bearer tokens).
/// </summary>
public sealed class HttpFunctions(ApiHandlers handlers)
{
    [Function(nameof(ApiRoutes.Health))]
    public Task<IActionResult> Health([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.Health)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(ApiRoutes.Names.SubmitReferral)]
    public Task<IActionResult> SubmitReferral([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.Referrals)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(ApiRoutes.Names.GetReferral)]
    public Task<IActionResult> GetReferral([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.Referral)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(ApiRoutes.Names.SubmitValidation)]
    public Task<IActionResult> SubmitValidation([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.ReferralValidation)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(ApiRoutes.Names.GetFeedback)]
    public Task<IActionResult> GetFeedback([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.ReferralFeedback)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystQueue))]
    public Task<IActionResult> AnalystQueue([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.AnalystQueue)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystReferral))]
    public Task<IActionResult> AnalystReferral([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.AnalystReferral)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.CoordinatorReferral))]
    public Task<IActionResult> CoordinatorReferral([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.CoordinatorReferral)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorReferral))]
    public Task<IActionResult> SupervisorReferral([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.SupervisorReferral)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystQuestions))]
    public Task<IActionResult> AnalystQuestions([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.AnalystQuestions)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystMessages))]
    public Task<IActionResult> AnalystMessages([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.AnalystMessages)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.CoordinatorReminders))]
    public Task<IActionResult> CoordinatorReminders([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.CoordinatorReminders)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorEscalations))]
    public Task<IActionResult> SupervisorEscalations([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.SupervisorEscalations)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystValidation))]
    public Task<IActionResult> AnalystValidation([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.AnalystValidation)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystTriage))]
    public Task<IActionResult> AnalystTriage([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.AnalystTriage)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystTreatment))]
    public Task<IActionResult> AnalystTreatment([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.AnalystTreatment)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystOutcome))]
    public Task<IActionResult> AnalystOutcome([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.AnalystOutcome)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.CoordinatorFeedback))]
    public Task<IActionResult> CoordinatorFeedback([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.CoordinatorFeedback)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorFeedbackClearance))]
    public Task<IActionResult> SupervisorFeedbackClearance([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.SupervisorFeedbackClearance)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.CoordinatorAnalysisSchedule))]
    public Task<IActionResult> CoordinatorAnalysisSchedule([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.CoordinatorAnalysisSchedule)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.CoordinatorAnalysis))]
    public Task<IActionResult> CoordinatorAnalysis([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.CoordinatorAnalysis)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystDisclosures))]
    public Task<IActionResult> AnalystDisclosures([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.AnalystDisclosures)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorDisclosureApprovals))]
    public Task<IActionResult> SupervisorDisclosureApprovals([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.SupervisorDisclosureApprovals)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.AnalystReferrerReveal))]
    public Task<IActionResult> AnalystReferrerReveal([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.AnalystReferrerReveal)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorReferrerReveal))]
    public Task<IActionResult> SupervisorReferrerReveal([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.SupervisorReferrerReveal)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorAudit))]
    public Task<IActionResult> SupervisorAudit([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.SupervisorAudit)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorAuditVerification))]
    public Task<IActionResult> SupervisorAuditVerification([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.SupervisorAuditVerification)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorWorkflowHealth))]
    public Task<IActionResult> SupervisorWorkflowHealth([HttpTrigger(Anonymous, ApiRoutes.Get, Route = ApiRoutes.SupervisorWorkflowHealth)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    [Function(nameof(ApiRoutes.SupervisorWorkflowRepair))]
    public Task<IActionResult> SupervisorWorkflowRepair([HttpTrigger(Anonymous, ApiRoutes.Post, Route = ApiRoutes.SupervisorWorkflowRepair)] HttpRequest request, [DurableClient] DurableTaskClient durable, FunctionContext context) => RunAsync(request, durable, context);

    /// <summary>Runs the route named like the function; its <c>{reference}</c>, if any, is in the trigger's binding data.</summary>
    private async Task<IActionResult> RunAsync(HttpRequest request, DurableTaskClient durable, FunctionContext context) =>
        new ResultActionAdapter(await handlers.HandleAsync(
            context.FunctionDefinition.Name,
            request,
            context.BindingContext.BindingData.TryGetValue("reference", out var reference) ? reference?.ToString() : null,
            durable,
            request.HttpContext.RequestAborted));
}
