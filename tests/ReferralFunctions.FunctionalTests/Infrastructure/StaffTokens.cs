using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ReferralFunctions.Staff;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// Staff bearer tokens for authorization tests: good ones from the local development issuer, and bad ones that differ
/// from a good one in exactly one way (lifetime, signing key, signature, payload).
/// </summary>
public static class StaffTokens
{
    private static readonly StaffAuthOptions Development = new();

    /// <summary>A token the local host accepts, with these roles (none: a valid token without a role).</summary>
    public static string Valid(params string[] roles) =>
        Create(roles, DateTime.UtcNow.AddSeconds(-5), TimeSpan.FromHours(1), new SigningCredentials(DevelopmentTokenIssuer.Key(Development), SecurityAlgorithms.HmacSha256));

    /// <summary>Correctly signed, but expired an hour ago: well past the validator's clock skew.</summary>
    public static string Expired(params string[] roles) =>
        Create(roles, DateTime.UtcNow.AddHours(-2), TimeSpan.FromHours(1), new SigningCredentials(DevelopmentTokenIssuer.Key(Development), SecurityAlgorithms.HmacSha256));

    /// <summary>Right issuer, audience and algorithm, signed with a key the host does not know.</summary>
    public static string SignedWithWrongKey(params string[] roles) =>
        Create(roles, DateTime.UtcNow.AddSeconds(-5), TimeSpan.FromHours(1), new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), SecurityAlgorithms.HmacSha256));

    /// <summary>No signature at all (<c>alg: none</c>).</summary>
    public static string WithoutSignature(params string[] roles) => Create(roles, DateTime.UtcNow.AddSeconds(-5), TimeSpan.FromHours(1), null);

    /// <summary>A valid token whose payload was changed after signing; the original signature is kept.</summary>
    public static string WithPayloadChanged(string token, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(change);
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        change(payload);
        parts[1] = Base64UrlEncoder.Encode(payload.ToJsonString());
        return string.Join('.', parts);
    }

    private static string Create(string[] roles, DateTime notBefore, TimeSpan lifetime, SigningCredentials? credentials)
    {
        const string user = "matrix.staff";
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = StaffAuthOptions.DevelopmentIssuer,
            Audience = StaffAuthOptions.DevelopmentAudience,
            Claims = new Dictionary<string, object> { ["sub"] = user, ["oid"] = user, ["name"] = user, ["roles"] = roles },
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = notBefore + lifetime,
            SigningCredentials = credentials,
        });
    }
}
