using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ReferralFunctions.FunctionApp;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Workflow;

namespace ReferralFunctions.UnitTests.Hosting;

/// <summary>
/// The Functions app declares exactly the triggers the shared tables ask for, both ways: one durable trigger per task the
/// durable worker registers (<see cref="ReferralTasks.Register"/>, which the local host uses), and one HTTP trigger per
/// route of <see cref="ApiRoutes.All"/>. A task or route the Functions app misses would otherwise fail only under
/// <c>func start</c>.
/// </summary>
public sealed class FunctionTriggerParityTests
{
    [Fact]
    public void Every_registered_activity_has_exactly_one_activity_trigger_of_its_name_and_no_other_exists()
    {
        var (_, activities) = RegisteredTasks();
        AssertSameNamesOnce(activities, TriggerNames<ActivityTriggerAttribute>(), "activity");
    }

    [Fact]
    public void Every_registered_orchestrator_has_exactly_one_orchestration_trigger_of_its_name_and_no_other_exists()
    {
        var (orchestrators, _) = RegisteredTasks();
        AssertSameNamesOnce(orchestrators, TriggerNames<OrchestrationTriggerAttribute>(), "orchestrator");
    }

    [Fact]
    public void Every_route_has_exactly_one_http_trigger_with_its_name_method_and_template_and_no_other_exists()
    {
        var routes = ApiRoutes.All.Select(r => $"{r.Name} {r.Method.ToUpperInvariant()} {r.Template}").ToArray();
        var triggers = Triggers<HttpTriggerAttribute>()
            .SelectMany(t => (t.Trigger.Methods ?? []).Select(method => $"{t.Name} {method.ToUpperInvariant()} {t.Trigger.Route}"))
            .ToArray();

        AssertSameNamesOnce(routes, triggers, "route");
    }

    [Fact]
    public void Every_http_trigger_hands_over_its_request_durable_client_and_function_context_and_nothing_else()
    {
        // The route's name and {reference} come from the FunctionContext: a trigger taking other parameters binds
        // something the shared handler never sees.
        var methods = typeof(HttpFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToArray();
        Assert.Equal(ApiRoutes.All.Count, methods.Length);
        Assert.All(methods, m => Assert.Equal(
            ["HttpRequest", "DurableTaskClient", "FunctionContext"],
            m.GetParameters().Select(p => p.ParameterType.Name)));
    }

    [Fact]
    public void Every_route_is_named_once_binds_only_a_reference_and_lets_in_callers_the_hosts_know()
    {
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ApiRoutes.All, route =>
        {
            Assert.Same(route, ApiRoutes.Find(route.Name));
            Assert.Contains(route.Method, new[] { ApiRoutes.Get, ApiRoutes.Post });
            Assert.All(System.Text.RegularExpressions.Regex.Matches(route.Template, "{[^}]*}"), m => Assert.Equal("{reference}", m.Value));
            Assert.True(route.Callers.Role is null || ReferralFunctions.Staff.StaffRoles.All.Contains(route.Callers.Role), route.Name);
        });
    }

    private static void AssertSameNamesOnce(string[] expected, string[] declared, string kind)
    {
        Assert.True(expected.Length + declared.Length > 0, $"Neither a {kind} nor a trigger for one was found: the test would pass on nothing.");
        var missing = expected.Except(declared, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var unexpected = declared.Except(expected, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var repeated = declared.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(missing.Length == 0, $"Each {kind} without a Functions trigger: {string.Join(", ", missing)}");
        Assert.True(unexpected.Length == 0, $"Functions triggers with no {kind} behind them: {string.Join(", ", unexpected)}");
        Assert.True(repeated.Length == 0, $"Each {kind} with more than one Functions trigger: {string.Join(", ", repeated)}");
    }

    private static string[] TriggerNames<TTrigger>() where TTrigger : Attribute =>
        Triggers<TTrigger>().Select(t => t.Name).ToArray();

    /// <summary>Every <c>[Function]</c> method in the Functions app whose parameters carry the trigger attribute.</summary>
    private static IEnumerable<(string Name, TTrigger Trigger)> Triggers<TTrigger>() where TTrigger : Attribute =>
        typeof(HttpFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<TTrigger>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => (x.Function!.Name, x.Trigger!));

    /// <summary>
    /// The names the durable worker registers. The registry keeps them internal (name/factory pairs), so they are read by
    /// reflection; the test fails loudly if a package update renames or reshapes those members.
    /// </summary>
    private static (string[] Orchestrators, string[] Activities) RegisteredTasks()
    {
        var registry = new DurableTaskRegistry();
        ReferralTasks.Register(registry);
        return (Names(registry, "Orchestrators"), Names(registry, "Activities"));
    }

    private static string[] Names(DurableTaskRegistry registry, string member)
    {
        var property = typeof(DurableTaskRegistry).GetProperty(member, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.True(property is not null, $"DurableTaskRegistry has no '{member}' property any more: update this test.");
        var tasks = Assert.IsAssignableFrom<System.Collections.IEnumerable>(property.GetValue(registry));
        return tasks.Cast<object>()
            .Select(pair => Assert.IsType<TaskName>(pair.GetType().GetProperty("Key")?.GetValue(pair)).Name)
            .ToArray();
    }
}
