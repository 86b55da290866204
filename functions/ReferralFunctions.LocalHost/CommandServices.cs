namespace ReferralFunctions.LocalHost;

/// <summary>The shared services, without a host, for the one-shot maintenance commands.</summary>
internal static class CommandServices
{
    public static ServiceProvider Build(IConfiguration configuration) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(configuration)
            .AddReferralServices(configuration)
            .BuildServiceProvider();
}
