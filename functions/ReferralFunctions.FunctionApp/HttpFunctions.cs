using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReferralFunctions.Health;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Referrals.Status;

namespace ReferralFunctions.FunctionApp;

/// <summary>
/// HTTP triggers: one per route of <see cref="ApiRoutes"/>, each handing over to the shared handler. Authorization
/// level is anonymous because every endpoint authenticates its callers itself (carrier signatures, staff tokens).
/// </summary>
public sealed class HttpFunctions(
    HealthEndpoint health,
    SubmitReferralEndpoint submit,
    GetReferralEndpoint get)
{
    [Function(nameof(ApiRoutes.Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.Health)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        new ResultActionAdapter(await health.HandleAsync(durable, request.HttpContext.RequestAborted));

    [Function("SubmitReferral")]
    public async Task<IActionResult> SubmitReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = ApiRoutes.Referrals)] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        new ResultActionAdapter(await submit.HandleAsync(request, durable, request.HttpContext.RequestAborted));

    [Function("GetReferral")]
    public async Task<IActionResult> GetReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "GET", Route = ApiRoutes.Referral)] HttpRequest request,
        string reference) =>
        new ResultActionAdapter(await get.HandleAsync(request, reference, request.HttpContext.RequestAborted));
}
