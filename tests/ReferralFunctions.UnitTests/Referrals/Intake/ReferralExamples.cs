using System.Text;
using System.Text.Json.Nodes;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.UnitTests.Referrals.Intake;

/// <summary>The published example, read from the embedded contract, as a mutable document for tests to vary.</summary>
internal static class ReferralExamples
{
    public static JsonObject Published() =>
        JsonNode.Parse(ReferralSchema.Instance.Document.RootElement.GetProperty("examples")[0].GetRawText())!.AsObject();

    public static ReadOnlyMemory<byte> Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static ReadOnlyMemory<byte> Bytes(string json) => Encoding.UTF8.GetBytes(json);

    public static JsonObject With(Action<JsonObject> change)
    {
        var referral = Published();
        change(referral);
        return referral;
    }
}
