using System.Text.Json;
using System.Text.Json.Nodes;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>Test referrals: the published example (from the contract) and variations of it.</summary>
public static class TestReferrals
{
    public static JsonObject Example() =>
        JsonNode.Parse(ReferralSchema.Instance.Document.RootElement.GetProperty("examples")[0].GetRawText())!.AsObject();

    public static JsonObject ExampleWith(Action<JsonObject> change)
    {
        var referral = Example();
        change(referral);
        return referral;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The <c>errors</c> of a problem details answer, as "path: message" lines.</summary>
    public static async Task<IReadOnlyList<string>> ErrorPathsAsync(this HttpResponseMessage response)
    {
        var problem = await response.JsonAsync();
        return problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray()
            : [];
    }
}
