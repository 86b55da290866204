using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>The host as in Azure with the MFA authentication context (c1) and an <c>amr</c> check configured.</summary>
public sealed class StepUpHostFixture : EntraHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["StaffAuth:RequiredAuthenticationContext"] = "c1";
        settings["StaffAuth:RequireMfa"] = "true";
        return settings;
    }
}

/// <summary>
/// ASVS 6.8.4 / 9.2.2: where the Conditional Access authentication context and MFA are configured, a person's token
/// must show both; one that does not gets a 401 whose claims challenge tells the client what to ask Entra ID for.
/// </summary>
public sealed class StaffStepUpTests(StepUpHostFixture host) : IClassFixture<StepUpHostFixture>
{
    private const string StaffRead = "/api/v1/analyst/referrals";

    private static readonly Dictionary<string, object> Strong = new() { ["acrs"] = new[] { "c1" }, ["amr"] = new[] { "pwd", "mfa" } };

    [Theory]
    [InlineData(TokenVersion.V1)]
    [InlineData(TokenVersion.V2)]
    public async Task A_token_with_the_authentication_context_and_mfa_reads(TokenVersion version)
    {
        using var response = await ReadAsync(Token(version, Strong));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var signIn = Assert.Single(host.Logs.GetSnapshot(), l => l.Id.Id == 1903).Message;
        Assert.Contains($"GET {StaffRead} authenticated staff:7d5c1f8e-2a3b-4c4d-9e5f-60718293a4b5 by Entra token v{(version == TokenVersion.V1 ? "1.0" : "2.0")} (acrs: c1; amr: pwd mfa)", signIn, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]?, string[]?> WeakSignIns => new()
    {
        { "MissingAuthenticationContext", null, ["pwd", "mfa"] },
        { "MissingAuthenticationContext", ["c2"], ["pwd", "mfa"] },
        { "MissingMfa", ["c1"], ["pwd"] },
        { "MissingMfa", ["c1"], null },
    };

    [Theory]
    [MemberData(nameof(WeakSignIns))]
    public async Task A_weaker_sign_in_gets_a_claims_challenge(string reason, string[]? acrs, string[]? amr)
    {
        var claims = new Dictionary<string, object>();
        if (acrs is not null)
        {
            claims["acrs"] = acrs;
        }

        if (amr is not null)
        {
            claims["amr"] = amr;
        }

        using var response = await ReadAsync(Token(TokenVersion.V2, claims));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.EndsWith("staff-step-up-required", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, host.LastRefusal(), StringComparison.Ordinal);

        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_claims\"", challenge.Parameter, StringComparison.Ordinal);
        var encoded = challenge.Parameter!.Split("claims=\"")[1].TrimEnd('"');
        Assert.Equal("{\"access_token\":{\"acrs\":{\"essential\":true,\"value\":\"c1\"}}}", Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
    }

    [Fact]
    public async Task The_role_check_still_applies_after_a_strong_sign_in()
    {
        using var response = await ReadAsync(host.Entra.Token(TokenVersion.V2, EntraHostFixture.ClientId, [StaffRoles.Coordinator], extraClaims: Strong));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private string Token(TokenVersion version, IReadOnlyDictionary<string, object> claims) =>
        host.Entra.Token(version, version == TokenVersion.V1 ? EntraHostFixture.AppIdUri : EntraHostFixture.ClientId, [StaffRoles.Analyst], extraClaims: claims);

    private Task<HttpResponseMessage> ReadAsync(string token)
    {
        host.Logs.Clear();
        var request = new HttpRequestMessage(HttpMethod.Get, StaffRead);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Http.SendAsync(request);
    }
}

/// <summary>The host as in Azure with an authority whose metadata documents answer with a redirect.</summary>
public sealed class RedirectedMetadataHostFixture : EntraHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["StaffAuth:Authority"] = $"{Entra.BaseAddress}moved/{Entra.TenantId}/v2.0";
        return settings;
    }
}

/// <summary>ASVS 15.3.2: the metadata and signing keys are read only where configured; a redirect is not followed.</summary>
public sealed class RedirectedMetadataTests(RedirectedMetadataHostFixture host) : IClassFixture<RedirectedMetadataHostFixture>
{
    [Fact]
    public async Task Metadata_behind_a_redirect_is_not_followed_and_no_token_is_trusted()
    {
        var token = host.Entra.Token(TokenVersion.V2, EntraHostFixture.ClientId, [StaffRoles.Analyst]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/analyst/referrals");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, host.Entra.MetadataRequests);
    }
}
