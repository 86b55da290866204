using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.Messaging;

namespace ReferralFunctions.UnitTests.Messaging;

/// <summary>Which publisher <see cref="MessagingServiceCollectionExtensions.AddReferralMessaging"/> chooses, by configuration.</summary>
public sealed class MessagingRegistrationTests
{
    [Fact]
    public async Task An_identity_based_namespace_selects_Service_Bus()
    {
        await using var provider = Build(new()
        {
            ["ServiceBus:fullyQualifiedNamespace"] = "sb-referrals.servicebus.windows.net",
            ["ServiceBus:credential"] = "managedidentity",
            ["ServiceBus:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.IsType<ServiceBusMessagePublisher>(provider.GetRequiredService<IReferralMessagePublisher>());
        Assert.Equal("sb-referrals.servicebus.windows.net", provider.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.Null(provider.GetService<IOutboundMessageLog>());
    }

    [Fact]
    public async Task A_connection_string_selects_Service_Bus()
    {
        await using var provider = Build(new()
        {
            ["ServiceBus"] = "Endpoint=sb://sb-local.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=bm90LWEtcmVhbC1rZXk=",
        });

        Assert.IsType<ServiceBusMessagePublisher>(provider.GetRequiredService<IReferralMessagePublisher>());
        Assert.Equal("sb-local.servicebus.windows.net", provider.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
    }

    [Fact]
    public async Task Without_Service_Bus_the_table_stand_in_publishes_and_keeps_the_log()
    {
        await using var provider = Build([]);

        var publisher = provider.GetRequiredService<IReferralMessagePublisher>();

        Assert.IsType<TableMessageOutbox>(publisher);
        Assert.Same(publisher, provider.GetRequiredService<IOutboundMessageLog>());
        Assert.Null(provider.GetService<ServiceBusClient>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        services.AddSingleton(new TableServiceClient(ReferralServiceCollectionExtensions.DevelopmentStorage));
        services.AddReferralMessaging(configuration);
        return services.BuildServiceProvider();
    }
}
