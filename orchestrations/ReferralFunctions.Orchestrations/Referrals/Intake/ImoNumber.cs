namespace ReferralFunctions.Referrals.Intake;

/// <summary>IMO ship identification numbers: seven digits, the last a check digit.</summary>
public static class ImoNumber
{
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        if (value.Length != 7)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool HasValidCheckDigit(ReadOnlySpan<char> value) =>
        IsWellFormed(value) && value[6] - '0' == ComputeCheckDigit(value[..6]);

    /// <summary>Check digit of the first six digits: weighted 7, 6, 5, 4, 3, 2, summed, mod 10.</summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> firstSix)
    {
        if (firstSix.Length != 6)
        {
            throw new ArgumentException("Exactly the first six digits are needed.", nameof(firstSix));
        }

        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            var c = firstSix[i];
            if (!char.IsAsciiDigit(c))
            {
                throw new ArgumentException("IMO numbers are digits only.", nameof(firstSix));
            }

            sum += (c - '0') * (7 - i);
        }

        return sum % 10;
    }
}
