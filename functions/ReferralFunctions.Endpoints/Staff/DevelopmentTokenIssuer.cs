using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReferralFunctions.Staff;

/// <summary>Mints local development staff tokens that <see cref="StaffAuthenticator"/> accepts in development mode.</summary>
public static class DevelopmentTokenIssuer
{
    public static SymmetricSecurityKey Key(StaffAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.DevelopmentSigningKey));
    }

    public static string Issue(string userId, string name, IEnumerable<string> roles, TimeSpan lifetime, StaffAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsDevelopment)
        {
            throw new InvalidOperationException("Development tokens are only for local runs (no StaffAuth:Authority configured).");
        }

        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId,
            ["oid"] = userId,
            ["name"] = name,
            ["roles"] = roles.ToArray(),
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = StaffAuthOptions.DevelopmentIssuer,
            Audience = StaffAuthOptions.DevelopmentAudience,
            Claims = claims,
            NotBefore = now.AddSeconds(-5),
            IssuedAt = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key(options), SecurityAlgorithms.HmacSha256),
        });
    }
}
