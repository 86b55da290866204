using System.Text;
using Microsoft.AspNetCore.Http;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.Http;

/// <summary>Writes a kept response byte for byte, so an idempotent retry gets exactly the first answer.</summary>
public sealed class StoredResult(StoredResponse response) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = response.Status;
        if (response.Location is not null)
        {
            httpContext.Response.Headers.Location = response.Location;
        }

        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await httpContext.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(response.Body)).ConfigureAwait(false);
    }
}
