using Microsoft.Extensions.DependencyInjection;

namespace ReferralFunctions.Agencies;

public static class AgencyServiceCollectionExtensions
{
    public static IServiceCollection AddAgencies(this IServiceCollection services) => services.AddSingleton<AgencyDirectory>();
}
