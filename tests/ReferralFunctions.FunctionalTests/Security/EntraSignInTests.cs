using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.IdentityModel.Tokens;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>
/// The real local host configured as in Azure for staff sign-in: authority, application id URI and client id of a
/// tenant whose OpenID metadata a <see cref="LocalOpenIdProvider"/> serves on 127.0.0.1.
/// </summary>
public class EntraHostFixture : ReferralHostFixture
{
    public const string AppIdUri = "api://referrals-test";
    public const string ClientId = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";

    public LocalOpenIdProvider Entra { get; private set; } = null!;

    public FakeLogCollector Logs { get; } = new();

    /// <summary>Why the last token was refused, as the host logged it (event 1404: the failed check, never the token).</summary>
    public string LastRefusal() =>
        Logs.GetSnapshot().LastOrDefault(l => l.Id.Id == 1404)?.Message ?? "(no refusal logged)";

    public override async Task InitializeAsync()
    {
        Entra = await LocalOpenIdProvider.StartAsync("8c3d2e1f-0a9b-4c8d-b7e6-f5a4b3c2d1e0");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Entra.DisposeAsync();
    }

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        base.ConfigureLogging(logging);
        logging.SetMinimumLevel(LogLevel.Information).AddProvider(new FakeLoggerProvider(Logs));
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["StaffAuth:Authority"] = Entra.Authority;
        settings["StaffAuth:Audience"] = AppIdUri;
        settings["StaffAuth:ClientId"] = ClientId;
        return settings;
    }
}

/// <summary>
/// Entra ID issues v1 tokens (issuer sts.windows.net, usually for the application id URI) or v2 tokens (issuer
/// login.microsoftonline.com/…/v2.0, for the client id) depending on the app registration: both are accepted, with
/// keys found through the metadata's jwks_uri, and nothing else is.
/// </summary>
public sealed class EntraSignInTests(EntraHostFixture host) : IClassFixture<EntraHostFixture>
{
    private const string StaffRead = "/api/v1/analyst/referrals";

    public static TheoryData<TokenVersion, string> VersionsAndAudiences => new()
    {
        { TokenVersion.V1, EntraHostFixture.AppIdUri },
        { TokenVersion.V1, EntraHostFixture.ClientId },
        { TokenVersion.V2, EntraHostFixture.ClientId },
        { TokenVersion.V2, EntraHostFixture.AppIdUri },
    };

    [Theory]
    [MemberData(nameof(VersionsAndAudiences))]
    public async Task A_token_of_either_version_for_either_audience_reads_with_its_role(TokenVersion version, string audience)
    {
        using var response = await ReadAsync(host.Entra.Token(version, audience, [StaffRoles.Analyst]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(host.Entra.MetadataRequests >= 2, "both metadata documents were read");
        Assert.True(host.Entra.KeyRequests >= 2, "both key sets were fetched through jwks_uri");
    }

    [Theory]
    [InlineData(TokenVersion.V1)]
    [InlineData(TokenVersion.V2)]
    public async Task A_token_from_another_tenant_is_refused(TokenVersion version)
    {
        // Signed with the very key the metadata publishes, for the right audience: only the issuer is wrong.
        var token = host.Entra.Token(version, Audience(version), [StaffRoles.Analyst], tenantId: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");

        await AssertRefusedAsync(await ReadAsync(token), HttpStatusCode.Unauthorized, "InvalidIssuer");
    }

    [Theory]
    [InlineData(TokenVersion.V1, "api://another-api")]
    [InlineData(TokenVersion.V2, "11111111-2222-4333-8444-555555555555")]
    [InlineData(TokenVersion.V2, "https://graph.microsoft.com")]
    public async Task A_token_for_another_audience_is_refused(TokenVersion version, string audience) =>
        await AssertRefusedAsync(await ReadAsync(host.Entra.Token(version, audience, [StaffRoles.Analyst])), HttpStatusCode.Unauthorized, "InvalidAudience");

    [Theory]
    [InlineData(TokenVersion.V1)]
    [InlineData(TokenVersion.V2)]
    public async Task An_expired_token_is_refused(TokenVersion version)
    {
        // Past the one minute of clock skew allowed.
        var token = host.Entra.Token(version, Audience(version), [StaffRoles.Analyst], expires: DateTime.UtcNow.AddMinutes(-2));

        await AssertRefusedAsync(await ReadAsync(token), HttpStatusCode.Unauthorized, "Lifetime");
    }

    [Theory]
    [InlineData(TokenVersion.V1)]
    [InlineData(TokenVersion.V2)]
    public async Task A_valid_token_without_the_role_is_forbidden(TokenVersion version)
    {
        var token = host.Entra.Token(version, Audience(version), [StaffRoles.Coordinator, StaffRoles.Supervisor]);

        await AssertProblemAsync(await ReadAsync(token), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(TokenVersion.V1, "User.Read")]
    [InlineData(TokenVersion.V2, "User.Read openid")]
    [InlineData(TokenVersion.V2, "referrals.access")]
    public async Task A_delegated_token_without_the_api_scope_is_refused(TokenVersion version, string scopes)
    {
        // A person's token for another API's scopes (or the scope in the wrong case: scope values are case-sensitive).
        var token = host.Entra.Token(version, Audience(version), [StaffRoles.Analyst], scope: scopes);

        await AssertRefusedAsync(await ReadAsync(token), HttpStatusCode.Unauthorized, "MissingScope");
    }

    [Fact]
    public async Task The_api_scope_among_others_is_accepted()
    {
        using var response = await ReadAsync(host.Entra.Token(TokenVersion.V2, EntraHostFixture.ClientId, [StaffRoles.Analyst], scope: "openid Referrals.Access profile"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(TokenVersion.V1, false)]
    [InlineData(TokenVersion.V2, false)]
    [InlineData(TokenVersion.V2, true)]
    public async Task An_app_only_token_is_refused_even_with_every_role(TokenVersion version, bool idtyp)
    {
        // Client credentials: the app's own identity with roles and no scp. Staff actions are a person's.
        var token = host.Entra.Token(version, Audience(version), StaffRoles.All, appOnly: true, idtyp: idtyp);

        await AssertRefusedAsync(await ReadAsync(token), HttpStatusCode.Unauthorized, "AppOnlyToken");
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_tenant_does_not_publish_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var token = host.Entra.Token(TokenVersion.V2, EntraHostFixture.ClientId, [StaffRoles.Analyst], key: new RsaSecurityKey(rsa) { KeyId = "unpublished" });

        await AssertRefusedAsync(await ReadAsync(token), HttpStatusCode.Unauthorized, "Signature");
    }

    [Fact]
    public async Task The_local_development_token_is_refused_once_an_authority_is_configured()
    {
        var token = DevelopmentTokenIssuer.Issue("alice", "Alice", [StaffRoles.Analyst], TimeSpan.FromMinutes(5), new StaffAuthOptions());

        await AssertRefusedAsync(await ReadAsync(token), HttpStatusCode.Unauthorized, "Signature");
    }

    /// <summary>The audience Entra puts in a token of this version by default.</summary>
    private static string Audience(TokenVersion version) => version == TokenVersion.V1 ? EntraHostFixture.AppIdUri : EntraHostFixture.ClientId;

    /// <summary>Refused with a problem, and for the reason expected (so a test cannot pass on another check).</summary>
    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode expected, string reason)
    {
        await AssertProblemAsync(response, expected);
        Assert.Contains(reason, host.LastRefusal(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> ReadAsync(string token)
    {
        host.Logs.Clear();
        var request = new HttpRequestMessage(HttpMethod.Get, StaffRead);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Http.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.JsonAsync();
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        }
    }
}
