using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Messaging;

/// <summary>Registers the outbound message publisher: Service Bus when configured, the Table Storage stand-in otherwise.</summary>
public static class MessagingServiceCollectionExtensions
{
    public const string SectionName = "ServiceBus";

    /// <summary>
    /// With "ServiceBus:fullyQualifiedNamespace" (identity-based, with "credential"/"clientId") or a "ServiceBus"
    /// connection string, messages go to Service Bus; otherwise to <see cref="TableMessageOutbox"/>, which is then also
    /// the <see cref="IOutboundMessageLog"/>. The stand-in needs the referral tables' <c>TableServiceClient</c>.
    /// A second call changes nothing.
    /// </summary>
    public static IServiceCollection AddReferralMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(IReferralMessagePublisher)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);

        var section = configuration.GetSection(SectionName);
        if (IsServiceBusConfigured(section))
        {
            services.AddAzureClients(clients => clients.AddServiceBusClient(section)
                .WithCredential(provider => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section)));
            services.AddSingleton<IReferralMessagePublisher, ServiceBusMessagePublisher>();
        }
        else
        {
            services.TryAddSingleton<ReferralTables>();
            services.AddSingleton<TableMessageOutbox>();
            services.AddSingleton<IReferralMessagePublisher>(provider => provider.GetRequiredService<TableMessageOutbox>());
            services.AddSingleton<IOutboundMessageLog>(provider => provider.GetRequiredService<TableMessageOutbox>());
        }

        return services;
    }

    /// <summary>What is wrong with the "ServiceBus" section, naming the setting, never its value.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(SectionName)["fullyQualifiedNamespace"] is { Length: > 0 } ns && Uri.CheckHostName(ns) != UriHostNameType.Dns
            ? [$"{SectionName}:fullyQualifiedNamespace must be a host name such as example.servicebus.windows.net (no scheme, no path)."]
            : [];
    }

    private static bool IsServiceBusConfigured(IConfigurationSection section) =>
        section["fullyQualifiedNamespace"] is { Length: > 0 } || section.Value is { Length: > 0 };
}
