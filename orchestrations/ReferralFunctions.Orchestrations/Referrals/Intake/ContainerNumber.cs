namespace ReferralFunctions.Referrals.Intake;

/// <summary>ISO 6346 container numbers: owner code, category U/J/Z, 6-digit serial, check digit.</summary>
public static class ContainerNumber
{
    /// <summary>True when <paramref name="value"/> has the form AAA[UJZ]9999999 (check digit not verified).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        if (value.Length != 11)
        {
            return false;
        }

        for (var i = 0; i < 3; i++)
        {
            if (!char.IsAsciiLetterUpper(value[i]))
            {
                return false;
            }
        }

        if (value[3] is not ('U' or 'J' or 'Z'))
        {
            return false;
        }

        for (var i = 4; i < 11; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when well formed and the last digit equals the computed check digit.</summary>
    public static bool HasValidCheckDigit(ReadOnlySpan<char> value) =>
        IsWellFormed(value) && value[10] - '0' == ComputeCheckDigit(value[..10]);

    /// <summary>
    /// Check digit of the first ten characters: letters valued from A=10 skipping multiples of 11, each character
    /// weighted 2^position, sum mod 11, with 10 written as 0.
    /// </summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> firstTen)
    {
        if (firstTen.Length != 10)
        {
            throw new ArgumentException("Exactly the first ten characters are needed.", nameof(firstTen));
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += ValueOf(firstTen[i]) << i;
        }

        return sum % 11 % 10;
    }

    private static int ValueOf(char c)
    {
        if (char.IsAsciiDigit(c))
        {
            return c - '0';
        }

        return char.IsAsciiLetterUpper(c)
            ? LetterValues[c - 'A']
            : throw new ArgumentException("Only capital letters and digits have an ISO 6346 value.", nameof(c));
    }

    // A=10, B=12, ... : counting up from 10 and skipping the multiples of 11 (11, 22, 33).
    private static readonly int[] LetterValues = BuildLetterValues();

    private static int[] BuildLetterValues()
    {
        var values = new int[26];
        var next = 10;
        for (var i = 0; i < values.Length; i++, next++)
        {
            if (next % 11 == 0)
            {
                next++;
            }

            values[i] = next;
        }

        return values;
    }
}
