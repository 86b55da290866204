using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>
/// The Service Bus emulator's Config.json declares the same topics and subscriptions as the Bicep, with one filtered
/// subscription per agency of the example parameters, so the local stack routes messages the way Azure does.
/// </summary>
public sealed partial class ServiceBusEmulatorConfigTests
{
    private const string EmulatorConfig = "infra/servicebus-emulator/Config.json";
    private const string ServiceBusModule = "infra/modules/serviceBus.bicep";
    private const string ExampleParameters = "infra/dev.bicepparam";

    [Fact]
    public void Emulator_topics_are_the_Bicep_topics_with_duplicate_detection()
    {
        var bicep = RepositoryFiles.ReadAllText(ServiceBusModule);
        using var config = JsonDocument.Parse(RepositoryFiles.ReadAllText(EmulatorConfig));

        var topics = Topics(config).Select(t => t.GetProperty("Name").GetString()).ToList();

        Assert.Equal([BicepVariable(bicep, "notificationsTopicName"), BicepVariable(bicep, "remindersTopicName")], topics);
        Assert.All(Topics(config), t => Assert.True(
            t.GetProperty("Properties").GetProperty("RequiresDuplicateDetection").GetBoolean(),
            $"{EmulatorConfig}: topic {t.GetProperty("Name")} must require duplicate detection, as in Azure."));
    }

    [Fact]
    public void Each_example_agency_has_a_subscription_filtered_on_its_code()
    {
        var bicep = RepositoryFiles.ReadAllText(ServiceBusModule);
        var agencyCodes = AgencyCode().Matches(RepositoryFiles.ReadAllText(ExampleParameters))
            .Select(m => m.Groups["code"].Value).ToList();
        using var config = JsonDocument.Parse(RepositoryFiles.ReadAllText(EmulatorConfig));
        var notifications = Topics(config).Single(t => t.GetProperty("Name").GetString() == BicepVariable(bicep, "notificationsTopicName"));

        var subscriptions = notifications.GetProperty("Subscriptions").EnumerateArray().ToList();

        Assert.NotEmpty(agencyCodes);
        Assert.Equal(agencyCodes, subscriptions.Select(s => s.GetProperty("Name").GetString()));
        Assert.All(subscriptions, s =>
        {
            var rule = Assert.Single(s.GetProperty("Rules").EnumerateArray()).GetProperty("Properties");
            Assert.Equal("Sql", rule.GetProperty("FilterType").GetString());
            Assert.Equal($"agency = '{s.GetProperty("Name").GetString()}'", rule.GetProperty("SqlFilter").GetProperty("SqlExpression").GetString());
        });
    }

    [Fact]
    public void Coordinators_read_every_reminder()
    {
        var bicep = RepositoryFiles.ReadAllText(ServiceBusModule);
        using var config = JsonDocument.Parse(RepositoryFiles.ReadAllText(EmulatorConfig));
        var reminders = Topics(config).Single(t => t.GetProperty("Name").GetString() == BicepVariable(bicep, "remindersTopicName"));

        var subscription = Assert.Single(reminders.GetProperty("Subscriptions").EnumerateArray());

        Assert.Equal(BicepVariable(bicep, "coordinatorsSubscriptionName"), subscription.GetProperty("Name").GetString());
        Assert.False(subscription.TryGetProperty("Rules", out var rules) && rules.GetArrayLength() > 0, "Coordinators must not be filtered.");
    }

    private static List<JsonElement> Topics(JsonDocument config)
    {
        var ns = Assert.Single(config.RootElement.GetProperty("UserConfig").GetProperty("Namespaces").EnumerateArray());
        Assert.Equal("sbemulatorns", ns.GetProperty("Name").GetString()); // the only name the emulator accepts
        return [.. ns.GetProperty("Topics").EnumerateArray()];
    }

    private static string BicepVariable(string bicep, string name)
    {
        var match = Regex.Match(bicep, $@"^var {Regex.Escape(name)} = '(?<value>[^']+)'\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{ServiceBusModule} has no `var {name} = '...'`.");
        return match.Groups["value"].Value;
    }

    [GeneratedRegex(@"^\s*code:\s*'(?<code>[^']+)'\s*$", RegexOptions.Multiline)]
    private static partial Regex AgencyCode();
}
