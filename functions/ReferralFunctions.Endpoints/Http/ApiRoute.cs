using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.Audit;

namespace ReferralFunctions.Http;

/// <summary>
/// One route of <see cref="ApiRoutes.All"/>: the function name, HTTP method and template (without the <c>api/</c>
/// prefix), who may call it, its handler and how long it may take.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, ApiCallers Callers, Func<ApiCall, Task<IResult>> Handler, ApiDeadline Deadline = ApiDeadline.Request)
{
    /// <summary>The staff role the route lets in (exactly that role), or null for a carrier or public route.</summary>
    public string? Role => Callers.Role;
}

/// <summary>Who may call a route: anyone, a signed carrier, or staff with one role.</summary>
public sealed record ApiCallers(string Kind, string? Role = null)
{
    public static readonly ApiCallers Anyone = new("anyone");

    public static readonly ApiCallers Carrier = new(ActorRoles.Carrier);

    public static ApiCallers Staff(string role) => new("staff", role);
}

/// <summary>Which of <see cref="ResilienceOptions"/>' deadlines bounds a route: a request's, or a report's (longer).</summary>
public enum ApiDeadline
{
    Request,
    Report,
}

/// <summary>One call of a route, as its handler receives it from either host.</summary>
public sealed record ApiCall(ApiRoute Route, HttpRequest Request, string Reference, DurableTaskClient Durable, IServiceProvider Services, CancellationToken CancellationToken)
{
    /// <summary>The route's staff role; only staff routes have one.</summary>
    public string Role => Route.Role ?? throw new InvalidOperationException($"Route {Route.Name} has no staff role.");

    /// <summary>The endpoint class that handles the route (every endpoint is a singleton).</summary>
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
