using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.LocalHost;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>Until the engine dispatches, the local host's API answers 503 with Retry-After; afterwards it passes through.</summary>
public sealed class LocalHostReadinessTests
{
    [Fact]
    public async Task Api_requests_wait_for_the_engine_and_then_pass()
    {
        var readiness = new LocalHostReadiness();
        var passed = 0;
        var gate = new LocalHostReadiness.Gate(_ => { passed++; return Task.CompletedTask; }, readiness);

        var early = await SendAsync(gate, "/api/v1/referrals");
        readiness.MarkReady();
        var later = await SendAsync(gate, "/api/v1/referrals");

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, early.Response.StatusCode);
        Assert.Equal("1", early.Response.Headers.RetryAfter.ToString());
        early.Response.Body.Position = 0;
        Assert.Equal("urn:referrals:problem:starting", JsonDocument.Parse(early.Response.Body).RootElement.GetProperty("type").GetString());
        Assert.Equal(200, later.Response.StatusCode);
        Assert.Equal(1, passed);
    }

    private static async Task<HttpContext> SendAsync(LocalHostReadiness.Gate gate, string path)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await gate.InvokeAsync(context);
        return context;
    }
}
