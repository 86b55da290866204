using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReferralFunctions.Agencies;
using ReferralFunctions.Carriers;
using ReferralFunctions.Messaging;

namespace ReferralFunctions.Configuration;

/// <summary>
/// Runs, when the host starts (ValidateOnStart: before any hosted service), the checks of configuration that is not an
/// options class: the agencies, the Service Bus namespace, the demo carrier's secret, and in Azure <see cref="AzureConfigurationCheck"/>.
/// </summary>
public sealed class StartupConfigurationValidator(IConfiguration configuration, ILogger<StartupConfigurationValidator> logger)
    : IValidateOptions<StartupConfigurationValidator.Checked>
{
    public ValidateOptionsResult Validate(string? name, Checked options)
    {
        var problems = AgencyDirectory.Problems(configuration)
            .Concat(MessagingServiceCollectionExtensions.Problems(configuration))
            .Concat(LocalCarrierSecretStore.Problems(configuration))
            .ToList();
        try
        {
            AzureConfigurationCheck.Enforce(configuration, logger);
        }
        catch (AzureConfigurationException refused)
        {
            problems.Add(refused.Message);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Registers the check to run when the host starts.</summary>
    public static void Register(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Checked>, StartupConfigurationValidator>());
        services.AddOptions<Checked>().ValidateOnStart();
    }

    /// <summary>Nothing to bind: the options type the start-up check hangs on.</summary>
    public sealed class Checked;
}
