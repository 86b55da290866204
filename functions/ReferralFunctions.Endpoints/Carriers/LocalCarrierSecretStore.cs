using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ReferralFunctions.Carriers;

/// <summary>
/// Carrier secrets from configuration, for local runs. The carrier <c>DEMO</c> always exists: its secret is
/// <c>REFERRALS_DEMO_CARRIER_SECRET</c> or, when that is unset, <see cref="DevelopmentDemoSecret"/>. In Azure this store
/// is refused at start (<see cref="Configuration.AzureConfigurationCheck"/>); should it run there anyway, DEMO does not exist.
/// </summary>
public sealed class LocalCarrierSecretStore(IOptions<CarrierAuthOptions> options) : ICarrierSecretStore
{
    public const string DemoCarrierId = "DEMO";
    public const string DemoSecretVariable = "REFERRALS_DEMO_CARRIER_SECRET";

    /// <summary>The demo carrier's secret when none is set. For local development only; printed in the README.</summary>
    public const string DevelopmentDemoSecret = "local-demo-carrier-secret-not-for-production";

    public static string DemoSecret =>
        Environment.GetEnvironmentVariable(DemoSecretVariable) is { Length: > 0 } configured ? configured : DevelopmentDemoSecret;

    /// <summary>
    /// A demo secret set in the environment is a signing key like any other: shorter than
    /// <see cref="CarrierSecrets.MinimumBytes"/> it stops the start (checked with the other settings that are not options).
    /// </summary>
    public static IEnumerable<string> Problems(IConfiguration configuration) =>
        configuration[DemoSecretVariable] is { Length: > 0 } demo && !CarrierSecrets.LongEnough(demo)
            ? [$"{DemoSecretVariable} must be at least {CarrierSecrets.MinimumBytes} bytes of UTF-8 text (create 32 random bytes, base64)."]
            : [];

    public ValueTask<CarrierSecrets?> GetAsync(string carrierId, bool refresh, CancellationToken cancellationToken)
    {
        if (options.Value.Carriers.TryGetValue(carrierId, out var carrier) && carrier.Secret.Length > 0)
        {
            return ValueTask.FromResult<CarrierSecrets?>(new CarrierSecrets(
                Encoding.UTF8.GetBytes(carrier.Secret),
                carrier.PreviousSecret is { Length: > 0 } previous ? Encoding.UTF8.GetBytes(previous) : null));
        }

        return ValueTask.FromResult(string.Equals(carrierId, DemoCarrierId, StringComparison.OrdinalIgnoreCase) && !RunsInAzure()
            ? new CarrierSecrets(Encoding.UTF8.GetBytes(DemoSecret), null)
            : null);
    }

    /// <summary>App Service and Functions set WEBSITE_INSTANCE_ID on every instance.</summary>
    private static bool RunsInAzure() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Configuration.AzureConfigurationCheck.AzureMarker));
}
