using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Http;

namespace ReferralFunctions.FunctionalTests.Hosting;

/// <summary>The Functions app and the local host serve exactly the same routes.</summary>
public sealed class RouteTableTests(ReferralHostFixture host) : IClassFixture<ReferralHostFixture>
{
    [Fact]
    public void The_function_app_and_the_local_host_have_identical_route_tables()
    {
        var expected = ApiRoutes.All.Select(r => $"{r.Name} {r.Method} /api/{r.Template}").Order().ToArray();

        var functions = typeof(FunctionApp.HttpFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .SelectMany(x => x.Trigger!.Methods!.Select(method => $"{x.Function!.Name} {method.ToUpperInvariant()} /api/{x.Trigger.Route}"))
            .Order()
            .ToArray();

        var local = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName} {method} {e.RoutePattern.RawText}"))
            .Order()
            .ToArray();

        Assert.Equal(expected, functions);
        Assert.Equal(expected, local);
    }
}
