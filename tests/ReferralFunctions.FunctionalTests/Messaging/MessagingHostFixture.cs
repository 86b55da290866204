using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Messaging;

namespace ReferralFunctions.FunctionalTests.Messaging;

/// <summary>
/// The local host with messaging registered and no Service Bus configured, so messages go to the Table Storage stand-in.
/// (Once the hosts register messaging themselves this call is a no-op: a second registration changes nothing.)
/// </summary>
public sealed class MessagingHostFixture : ReferralHostFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddReferralMessaging(new ConfigurationBuilder().Build());
}
