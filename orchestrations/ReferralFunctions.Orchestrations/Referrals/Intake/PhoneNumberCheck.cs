using PhoneNumbers;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>Whether a phone number as written could be a real number, using libphonenumber's metadata.</summary>
public static class PhoneNumberCheck
{
    private const string UnknownRegion = "ZZ";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// True when <paramref name="phone"/> parses and is a valid number. <paramref name="country"/> (ISO 3166 alpha-2)
    /// is the region assumed for numbers written without an international prefix.
    /// </summary>
    public static bool IsValid(string phone, string? country)
    {
        try
        {
            var number = Util.Parse(phone, country ?? UnknownRegion);
            return Util.IsValidNumber(number);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
