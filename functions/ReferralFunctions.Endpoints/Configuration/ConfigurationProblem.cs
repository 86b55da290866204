namespace ReferralFunctions.Configuration;

/// <summary>One thing wrong with the configuration: the app setting (Azure's <c>Section__Key</c> spelling) and why. Never its value.</summary>
public sealed record ConfigurationProblem(string Setting, string Reason)
{
    public override string ToString() => $"{Setting} {Reason}";
}
