using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>Calls the staff API as a Customs staff member: a bearer token from the local development issuer.</summary>
public sealed class StaffClient(HttpClient http, string userId, params string[] roles)
{
    private readonly string token = DevelopmentTokenIssuer.Issue(userId, userId, roles, TimeSpan.FromHours(1), new StaffAuthOptions());

    public string UserId => userId;

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Reads a referral's staff view and its ETag.</summary>
    public async Task<(JsonElement View, string ETag)> ReferralAsync(string reference, string role = StaffRoles.Analyst)
    {
        using var response = await GetAsync($"/api/v1/{role}/referrals/{reference}");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync(), response.Headers.ETag!.ToString());
    }

    /// <summary>Posts a decision with the referral's current ETag (read first unless given).</summary>
    public async Task<HttpResponseMessage> DecideAsync(string role, string reference, string step, object body, string? etag = null)
    {
        etag ??= (await ReferralAsync(reference, role)).ETag;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{role}/referrals/{reference}/{step}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await SendAsync(request);
    }

    /// <summary>Waits until the referral waits for a decision of <paramref name="kind"/> (read through the staff view).</summary>
    public async Task WaitForOpenAsync(string reference, string kind, string role)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var (view, _) = await ReferralAsync(reference, role);
            if (view.GetProperty("openDecisions").EnumerateArray().Any(k => k.GetString() == kind)) return;
            await Task.Delay(100, timeout.Token);
        }
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    public static string NewDecisionId() => "d-" + Guid.NewGuid().ToString("N");
}
