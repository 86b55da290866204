using Microsoft.Extensions.Options;

namespace ReferralFunctions.Configuration;

/// <summary>Validates any <see cref="IValidatedOptions"/> with its own rules.</summary>
public sealed class ValidatedOptionsValidator<T> : IValidateOptions<T>
    where T : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToArray();
        return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
