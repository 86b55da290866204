using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReferralFunctions.Carriers;
using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>The local host with a carrier secret store that fails unexpectedly: every carrier request hits it.</summary>
public sealed class FailingSecretStoreFixture : ReferralHostFixture
{
    /// <summary>Text of the exception: it must never reach the client.</summary>
    public const string ExceptionText = "secret-store exploded: key=carrier-DEMO value=hunter2";

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ICarrierSecretStore, FailingSecretStore>());

    private sealed class FailingSecretStore : ICarrierSecretStore
    {
        public ValueTask<CarrierSecrets?> GetAsync(string carrierId, bool refresh, CancellationToken cancellationToken) =>
            throw new UnexpectedTestException(ExceptionText);
    }

    private sealed class UnexpectedTestException(string message) : Exception(message);
}

/// <summary>An unhandled error answers problem+json 500 of a stable type, with the trace id and nothing of the exception.</summary>
public sealed class InternalErrorTests(FailingSecretStoreFixture host) : IClassFixture<FailingSecretStoreFixture>
{
    [Fact]
    public async Task A_handler_that_throws_gets_an_internal_problem_with_the_callers_trace_id_and_no_exception_text()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var response = await host.Carrier().GetReferralAsync("RF-2026-0000-0000", r => r.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.JsonAsync();
        Assert.Equal("urn:referrals:problem:internal", problem.GetProperty("type").GetString());
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
        Assert.DoesNotContain("exploded", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(Exception), text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_caller_trace_the_trace_id_is_still_a_w3c_trace_id()
    {
        var response = await host.Carrier().GetReferralAsync("RF-2026-0000-0000");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var traceId = (await response.JsonAsync()).GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
    }
}
