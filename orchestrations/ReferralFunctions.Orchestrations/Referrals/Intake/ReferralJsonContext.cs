using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>Source-generated serialization metadata for the referral model.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ReferralSubmission))]
public sealed partial class ReferralJsonContext : JsonSerializerContext;
