namespace ReferralFunctions.Http;

/// <summary>
/// The HTTP API's route table, shared by the Functions app (whose triggers use these constants under the host's
/// <c>api</c> prefix) and the local host (which maps them under <c>/api</c>). A test keeps the two identical.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public const string Health = "health";
    public const string Referrals = "v1/referrals";
    public const string Referral = "v1/referrals/{reference}";

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new(nameof(Health), "GET", Health),
        new("SubmitReferral", "POST", Referrals),
        new("GetReferral", "GET", Referral),
    ];

    public static string ReferralLocation(string reference) => $"/{Prefix}/v1/referrals/{Uri.EscapeDataString(reference)}";
}

/// <summary>One route: the function name, HTTP method and template (without the <c>api/</c> prefix).</summary>
public sealed record ApiRoute(string Name, string Method, string Template);
