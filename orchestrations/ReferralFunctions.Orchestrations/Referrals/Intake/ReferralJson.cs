using System.Text.Json;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>The JSON settings every referral body is read and written with.</summary>
public static class ReferralJson
{
    /// <summary>camelCase options backed by the source-generated <see cref="ReferralJsonContext"/>.</summary>
    public static JsonSerializerOptions Options => ReferralJsonContext.Default.Options;

    public static ReferralSubmission? Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, ReferralJsonContext.Default.ReferralSubmission);

    public static ReferralSubmission? Deserialize(JsonElement element) =>
        element.Deserialize(ReferralJsonContext.Default.ReferralSubmission);

    public static string Serialize(ReferralSubmission submission) =>
        JsonSerializer.Serialize(submission, ReferralJsonContext.Default.ReferralSubmission);
}
