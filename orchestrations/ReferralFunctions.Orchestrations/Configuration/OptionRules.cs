namespace ReferralFunctions.Configuration;

/// <summary>Small checks the options share; each returns a problem naming the setting, or nothing.</summary>
public static class OptionRules
{
    public static IEnumerable<string> Positive(string setting, TimeSpan value, TimeSpan? atMost = null)
    {
        if (value <= TimeSpan.Zero)
        {
            yield return $"{setting} must be a positive duration.";
        }
        else if (atMost is { } max && value > max)
        {
            yield return $"{setting} must be at most {max}.";
        }
    }

    public static IEnumerable<string> AtLeast(string setting, TimeSpan value, TimeSpan least)
    {
        if (value < least)
        {
            yield return $"{setting} must be at least {least}.";
        }
    }

    public static IEnumerable<string> Between(string setting, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            yield return $"{setting} must be between {min} and {max}.";
        }
    }

    public static IEnumerable<string> Required(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            yield return $"{setting} is required.";
        }
    }
}
