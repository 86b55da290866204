using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ReferralFunctions.FunctionApp;

/// <summary>Runs a shared handler's <see cref="IResult"/> as the trigger's <see cref="IActionResult"/>.</summary>
public sealed class ResultActionAdapter(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }
}
