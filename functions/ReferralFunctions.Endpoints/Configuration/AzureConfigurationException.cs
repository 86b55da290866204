namespace ReferralFunctions.Configuration;

/// <summary>The app refuses to run in Azure as configured. The message names every setting at fault and no value.</summary>
public sealed class AzureConfigurationException : Exception
{
    public AzureConfigurationException()
    {
    }

    public AzureConfigurationException(string message)
        : base(message)
    {
    }

    public AzureConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AzureConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(AzureConfigurationCheck.Describe(problems ?? throw new ArgumentNullException(nameof(problems)))) =>
        Problems = problems;

    public IReadOnlyList<ConfigurationProblem> Problems { get; } = [];
}
