using System.Text.Json;
using Json.Schema;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>The formats the referral contract asserts: JsonSchema.Net's own, made safe for any input.</summary>
internal static class ContractFormats
{
    private static readonly Format DateTime = new SafeDateTimeFormat();

    /// <summary>For <see cref="EvaluationOptions.FormatRegistry"/>: formats not named here come from the library's global registry.</summary>
    public static FormatRegistry Registry { get; } = Create(DateTime);

    /// <summary>Whether <paramref name="value"/> passes the contract's <c>format: date-time</c>.</summary>
    public static bool IsDateTime(JsonElement value) => DateTime.Validate(value, out _);

    private static FormatRegistry Create(params Format[] formats)
    {
        var registry = new FormatRegistry();
        foreach (var format in formats)
        {
            registry.Register(format);
        }

        return registry;
    }

    /// <summary>The library's <c>date-time</c>, except that a year it cannot hold (0000) fails the format instead of throwing.</summary>
    private sealed class SafeDateTimeFormat() : Format(Formats.DateTime.Key)
    {
        public override bool Validate(JsonElement value, out string? errorMessage)
        {
            try
            {
                return Formats.DateTime.Validate(value, out errorMessage);
            }
            catch (ArgumentOutOfRangeException)
            {
                errorMessage = null;
                return false;
            }
        }
    }
}
