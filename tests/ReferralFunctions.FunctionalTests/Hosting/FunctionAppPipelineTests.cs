using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ReferralFunctions.FunctionApp;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>
/// The Functions app's own pieces that run without the Functions host (which cannot run here): its error middleware
/// answers as the local host does, and its activities get the orchestration instance id.
/// </summary>
public sealed class FunctionAppPipelineTests
{
    [Fact]
    public async Task An_http_function_that_throws_answers_the_shared_internal_problem_without_the_exception_text()
    {
        var http = new DefaultHttpContext { TraceIdentifier = "0HN:00000001" };
        http.Request.Method = "GET";
        http.Request.Path = "/api/v1/referrals/RF-2026-0000-0000";
        http.Response.Headers.ETag = "\"set-before-the-failure\"";
        http.Response.Body = new MemoryStream();
        http.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new FakeFunctionContext(http);

        await new InternalErrorMiddleware(NullLogger<InternalErrorMiddleware>.Instance)
            .Invoke(context, _ => throw new InvalidOperationException("table row 42 holds hunter2"));

        Assert.Equal(500, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        Assert.False(http.Response.Headers.ContainsKey("ETag"), "headers of the answer that was never given are dropped");
        var text = System.Text.Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("urn:referrals:problem:internal", problem.GetProperty("type").GetString());
        Assert.Equal("0HN:00000001", problem.GetProperty("traceId").GetString()); // no Activity here: the request id
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_http_function_that_throws_fails_as_before()
    {
        var context = new FakeFunctionContext(null);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new InternalErrorMiddleware(NullLogger<InternalErrorMiddleware>.Instance).Invoke(context, _ => throw new InvalidOperationException("activity failed")));
    }

    [Fact]
    public void An_activity_runs_under_its_orchestrations_instance_id_not_the_invocation_id()
    {
        var context = new FakeFunctionContext(null, new Dictionary<string, object?> { ["instanceId"] = "RF-2026-ABCD-EFGH" });

        Assert.Equal("RF-2026-ABCD-EFGH", WorkflowFunctions.OrchestrationInstanceId(context));
        Assert.NotEqual(context.InvocationId, WorkflowFunctions.OrchestrationInstanceId(context));
    }

    private sealed class FakeFunctionContext(HttpContext? http, IReadOnlyDictionary<string, object?>? bindingData = null) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => "f";

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext { get; } = new FakeBindingContext(bindingData ?? new Dictionary<string, object?>());

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = null!;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        // The ASP.NET Core integration puts the request's HttpContext here ("HttpRequestContext") for HTTP triggers only.
        public override IDictionary<object, object> Items { get; set; } =
            http is null ? new Dictionary<object, object>() : new Dictionary<object, object> { ["HttpRequestContext"] = http };

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }

    private sealed class FakeBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }
}
