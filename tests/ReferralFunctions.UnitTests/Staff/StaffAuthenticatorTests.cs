using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ReferralFunctions.Staff;

namespace ReferralFunctions.UnitTests.Staff;

public sealed class StaffAuthenticatorTests
{
    private readonly StaffAuthOptions options = new();
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    private StaffAuthenticator Authenticator() => new(Options.Create(options), time, NullLogger<StaffAuthenticator>.Instance);

    private static HttpRequest Request(string? authorization, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        foreach (var (name, value) in headers) context.Request.Headers[name] = value;
        return context.Request;
    }

    private string Token(string[] roles, string issuer = StaffAuthOptions.DevelopmentIssuer, string audience = StaffAuthOptions.DevelopmentAudience,
        string? key = null, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["name"] = "Alice", ["roles"] = roles },
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key ?? options.DevelopmentSigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    [Fact]
    public async Task A_valid_token_with_the_role_authenticates_the_user()
    {
        var result = await Authenticator().AuthenticateAsync(Request("Bearer " + Token(["analyst", "supervisor"])), StaffRoles.Analyst, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("alice", result.User!.UserId);
        Assert.Equal(["analyst", "supervisor"], result.User.Roles);
    }

    [Fact]
    public async Task The_token_printed_by_the_token_command_validates()
    {
        var token = DevelopmentTokenIssuer.Issue("bob", "Bob", ["coordinator"], TimeSpan.FromMinutes(5), options);

        var result = await Authenticator().AuthenticateAsync(Request("Bearer " + token), StaffRoles.Coordinator, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("Bob", result.User!.Name);
    }

    [Fact]
    public async Task A_valid_token_without_the_role_is_forbidden()
    {
        var result = await Authenticator().AuthenticateAsync(Request("Bearer " + Token(["coordinator"])), StaffRoles.Analyst, CancellationToken.None);
        Assert.Equal(StaffAuthFailure.MissingRole, result.Failure);
    }

    [Fact]
    public async Task No_token_and_carrier_signature_headers_are_not_staff_credentials()
    {
        var none = await Authenticator().AuthenticateAsync(Request(null), StaffRoles.Analyst, CancellationToken.None);
        var carrier = await Authenticator().AuthenticateAsync(
            Request(null, ("X-Carrier-Id", "DEMO"), ("X-Timestamp", "1"), ("X-Nonce", "abcdefghijklmnop"), ("X-Signature", "v1=00")), StaffRoles.Analyst, CancellationToken.None);

        Assert.Equal(StaffAuthFailure.MissingToken, none.Failure);
        Assert.Equal(StaffAuthFailure.MissingToken, carrier.Failure);
    }

    public static TheoryData<string> BadTokens()
    {
        var t = new StaffAuthenticatorTests();
        var now = t.time.GetUtcNow().UtcDateTime;
        var valid = t.Token(["analyst"]);
        var parts = valid.Split('.');
        var tamperedPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(parts[1]).Select(b => b == (byte)'e' ? (byte)'f' : b).ToArray());
        var unsigned = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + parts[1] + ".";
        return new TheoryData<string>
        {
            t.Token(["analyst"], expires: now.AddMinutes(-5), notBefore: now.AddHours(-1)),
            t.Token(["analyst"], notBefore: now.AddMinutes(10), expires: now.AddHours(1)),
            parts[0] + "." + tamperedPayload + "." + parts[2],
            t.Token(["analyst"], key: "another-key-that-is-long-enough-for-hmac-sha256-0123456789"),
            t.Token(["analyst"], issuer: "someone-else"),
            t.Token(["analyst"], audience: "another-api"),
            unsigned,
            "garbage",
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task An_expired_premature_tampered_foreign_or_unsigned_token_is_invalid(string token)
    {
        var result = await new StaffAuthenticatorTests().Authenticator().AuthenticateAsync(Request("Bearer " + token), StaffRoles.Analyst, CancellationToken.None);
        Assert.Equal(StaffAuthFailure.InvalidToken, result.Failure);
    }

    [Theory]
    [InlineData(-2, true)] // within the skew after expiry
    [InlineData(1, false)] // past it
    public async Task Expiry_allows_the_clock_skew_on_the_injected_clock(int secondsPastSkew, bool accepted)
    {
        var issued = time.GetUtcNow();
        var token = Token(["analyst"], notBefore: issued.UtcDateTime.AddMinutes(-1), expires: issued.UtcDateTime.AddMinutes(10));

        // The token's exp is whole seconds (rounded down), so the bound is at most one second earlier than issued + 10 min.
        time.Advance(TimeSpan.FromMinutes(10) + options.ClockSkew + TimeSpan.FromSeconds(secondsPastSkew));
        var result = await Authenticator().AuthenticateAsync(Request("Bearer " + token), StaffRoles.Analyst, CancellationToken.None);

        Assert.Equal(accepted ? StaffAuthFailure.None : StaffAuthFailure.InvalidToken, result.Failure);
    }

    [Theory]
    [InlineData(-2, false)] // still earlier than not-before less the skew
    [InlineData(1, true)] // within the skew before not-before
    public async Task Not_before_allows_the_clock_skew_on_the_injected_clock(int secondsPastBound, bool accepted)
    {
        var issued = time.GetUtcNow();
        var notBefore = issued.UtcDateTime.AddMinutes(10);
        var token = Token(["analyst"], notBefore: notBefore, expires: notBefore.AddHours(1));

        // nbf is whole seconds (rounded down): the bound lies within the second before issued + 10 min - skew.
        time.Advance(TimeSpan.FromMinutes(10) - options.ClockSkew + TimeSpan.FromSeconds(secondsPastBound));
        var result = await Authenticator().AuthenticateAsync(Request("Bearer " + token), StaffRoles.Analyst, CancellationToken.None);

        Assert.Equal(accepted ? StaffAuthFailure.None : StaffAuthFailure.InvalidToken, result.Failure);
    }

    [Fact]
    public async Task Lifetime_is_judged_by_the_injected_clock_not_the_machines()
    {
        // Valid by the machine's clock for another hour, but the service's clock is two hours ahead.
        var token = Token(["analyst"], notBefore: DateTime.UtcNow.AddMinutes(-1), expires: DateTime.UtcNow.AddHours(1));
        time.Advance(TimeSpan.FromHours(2));

        var result = await Authenticator().AuthenticateAsync(Request("Bearer " + token), StaffRoles.Analyst, CancellationToken.None);

        Assert.Equal(StaffAuthFailure.InvalidToken, result.Failure);
    }

    [Fact]
    public async Task In_azure_without_an_authority_even_a_development_token_is_refused()
    {
        var token = Token(["analyst"]);
        Environment.SetEnvironmentVariable("WEBSITE_INSTANCE_ID", "test-instance");
        try
        {
            var result = await Authenticator().AuthenticateAsync(Request("Bearer " + token), StaffRoles.Analyst, CancellationToken.None);
            Assert.Equal(StaffAuthFailure.InvalidToken, result.Failure);
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEBSITE_INSTANCE_ID", null);
        }
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/8c3d2e1f-0a9b-4c8d-b7e6-f5a4b3c2d1e0/v2.0")]
    [InlineData("https://login.microsoftonline.com/8c3d2e1f-0a9b-4c8d-b7e6-f5a4b3c2d1e0/v2.0/")]
    [InlineData("https://login.microsoftonline.com/8c3d2e1f-0a9b-4c8d-b7e6-f5a4b3c2d1e0")]
    public void Both_of_the_tenants_metadata_documents_are_read(string authority)
    {
        var entra = new StaffAuthOptions { Authority = authority, Audience = "api://referrals", ClientId = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c" };

        Assert.Equal(
            [
                "https://login.microsoftonline.com/8c3d2e1f-0a9b-4c8d-b7e6-f5a4b3c2d1e0/v2.0/.well-known/openid-configuration",
                "https://login.microsoftonline.com/8c3d2e1f-0a9b-4c8d-b7e6-f5a4b3c2d1e0/.well-known/openid-configuration",
            ],
            entra.MetadataAddresses);
        Assert.Equal(["api://referrals", "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c"], entra.ValidAudiences);
        Assert.True(entra.RequireHttpsMetadata);
        Assert.Empty(entra.Problems());
    }

    [Theory]
    [InlineData(null, "StaffAuth:ClientId")]
    [InlineData("not-a-guid", "StaffAuth:ClientId")]
    [InlineData("00000000-0000-0000-0000-000000000000", "StaffAuth:ClientId")]
    public void An_authority_needs_the_APIs_client_id(string? clientId, string named)
    {
        var entra = new StaffAuthOptions { Authority = "https://login.microsoftonline.com/t/v2.0", Audience = "api://referrals", ClientId = clientId };

        Assert.Contains(entra.Problems(), p => p.StartsWith(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Referrals.Access User.Read")]
    public void An_authority_needs_one_scope_to_require(string scope)
    {
        var entra = new StaffAuthOptions { Authority = "https://login.microsoftonline.com/t/v2.0", Audience = "api://referrals", ClientId = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c", Scope = scope };

        Assert.Contains(entra.Problems(), p => p.StartsWith("StaffAuth:Scope", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("c1", true)]
    [InlineData("c99", true)]
    [InlineData(" c7 ", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("c0", false)]
    [InlineData("c100", false)]
    [InlineData("mfa", false)]
    public void An_authentication_context_must_be_one_Entra_can_name(string? context, bool accepted)
    {
        var entra = new StaffAuthOptions { Authority = "https://login.microsoftonline.com/t/v2.0", Audience = "api://referrals", ClientId = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c", RequiredAuthenticationContext = context };

        Assert.Equal(accepted, !entra.Problems().Any(p => p.StartsWith("StaffAuth:RequiredAuthenticationContext", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Unreadable_metadata_is_unavailable_not_unauthorized()
    {
        // A port nobody listens on: the connection is refused, as when the identity provider cannot be reached.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        options.Authority = $"http://127.0.0.1:{port}/8c3d2e1f-0a9b-4c8d-b7e6-f5a4b3c2d1e0/v2.0";
        options.Audience = "api://referrals";
        options.ClientId = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";

        var result = await Authenticator().AuthenticateAsync(Request("Bearer " + Token(["analyst"])), StaffRoles.Analyst, CancellationToken.None);

        Assert.Equal(StaffAuthFailure.KeysUnavailable, result.Failure);
        var context = new DefaultHttpContext();
        var problem = Assert.IsAssignableFrom<IStatusCodeHttpResult>(result.ToProblem(context));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("30", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Other_authorization_schemes_are_no_token()
    {
        var result = await Authenticator().AuthenticateAsync(Request("Basic YWxpY2U6c2VjcmV0"), StaffRoles.Analyst, CancellationToken.None);
        Assert.Equal(StaffAuthFailure.MissingToken, result.Failure);
    }
}
