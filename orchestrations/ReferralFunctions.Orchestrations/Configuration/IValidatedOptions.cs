namespace ReferralFunctions.Configuration;

/// <summary>
/// Options that say what is wrong with them: each problem names the setting (<c>Section:Key</c>) and why, never its value.
/// </summary>
public interface IValidatedOptions
{
    IEnumerable<string> Problems();
}
