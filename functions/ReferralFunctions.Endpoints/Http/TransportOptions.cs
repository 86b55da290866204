using ReferralFunctions.Configuration;

namespace ReferralFunctions.Http;

/// <summary>
/// How the app learns the scheme a client used (section "Transport"). In Azure, TLS ends at the App Service front end
/// and the request reaches the worker as plain HTTP with the client's scheme in <c>X-Forwarded-Proto</c>; locally
/// Kestrel's own scheme is the truth and no forwarded header is believed.
/// </summary>
public sealed class TransportOptions : IValidatedOptions
{
    public const string SectionName = "Transport";

    /// <summary>
    /// True: the app is behind Azure's TLS-terminating front end (refuse plain HTTP on <c>/api</c>, redirect it elsewhere,
    /// send HSTS, read the forwarded scheme). Unset: true exactly when the app runs in Azure
    /// (<see cref="AzureConfigurationCheck.RunsInAzure"/>). False is refused in Azure at start; tests set true locally.
    /// </summary>
    public bool? AzureFrontEnd { get; set; }

    public IEnumerable<string> Problems() => [];
}
