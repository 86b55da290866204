using System.Text.Json;
using ReferralFunctions.Staff;
using ReferralFunctions.UnitTests.Infrastructure;

namespace ReferralFunctions.UnitTests.Staff;

/// <summary>
/// infra/entra/staff-api.json is what scripts/register-api.sh sends to Microsoft Graph for the staff API's app
/// registration. It cannot be applied here, so its content is checked: v2 tokens, exactly the roles the code checks,
/// a scope the Azure CLI is pre-authorized for, and ids that never collide.
/// </summary>
public sealed class StaffApiManifestTests
{
    private const string ManifestPath = "infra/entra/staff-api.json";

    /// <summary>The Azure CLI's well-known public client id: scripts/smoke.sh gets its staff token through it.</summary>
    private const string AzureCli = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

    private static JsonElement Manifest() => JsonDocument.Parse(RepositoryFiles.ReadAllText(ManifestPath)).RootElement;

    [Fact]
    public void Access_tokens_are_v2()
    {
        // Graph's api.requestedAccessTokenVersion is the portal manifest's accessTokenAcceptedVersion.
        Assert.Equal(2, Manifest().GetProperty("api").GetProperty("requestedAccessTokenVersion").GetInt32());
    }

    [Fact]
    public void The_app_roles_are_exactly_the_staff_roles_enabled_for_users_and_groups()
    {
        var roles = Manifest().GetProperty("appRoles").EnumerateArray().ToArray();

        Assert.Equal(StaffRoles.All.Order(StringComparer.Ordinal), roles.Select(r => r.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
        Assert.All(roles, role =>
        {
            Assert.True(role.GetProperty("isEnabled").GetBoolean());
            // "User" admits both users and groups.
            Assert.Equal(["User"], role.GetProperty("allowedMemberTypes").EnumerateArray().Select(t => t.GetString()));
            Assert.False(string.IsNullOrWhiteSpace(role.GetProperty("displayName").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(role.GetProperty("description").GetString()));
        });
    }

    [Fact]
    public void Every_role_and_scope_id_is_a_distinct_guid()
    {
        var manifest = Manifest();
        var ids = manifest.GetProperty("appRoles").EnumerateArray()
            .Concat(manifest.GetProperty("api").GetProperty("oauth2PermissionScopes").EnumerateArray())
            .Select(e => e.GetProperty("id").GetString())
            .ToArray();

        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out var guid) && guid != Guid.Empty, $"{id} is not a GUID"));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void One_enabled_user_scope_is_exposed_and_the_Azure_CLI_is_pre_authorized_for_it()
    {
        var api = Manifest().GetProperty("api");
        var scope = Assert.Single(api.GetProperty("oauth2PermissionScopes").EnumerateArray());
        Assert.True(scope.GetProperty("isEnabled").GetBoolean());
        Assert.Equal("User", scope.GetProperty("type").GetString());
        Assert.Matches("^[A-Za-z][A-Za-z.]+$", scope.GetProperty("value").GetString()!);
        // The scope the app requires by default in a delegated token's scp is the one the registration exposes.
        Assert.Equal(StaffAuthOptions.DefaultScope, scope.GetProperty("value").GetString());

        var cli = Assert.Single(api.GetProperty("preAuthorizedApplications").EnumerateArray(), a => a.GetProperty("appId").GetString() == AzureCli);
        Assert.Equal([scope.GetProperty("id").GetString()], cli.GetProperty("delegatedPermissionIds").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public void The_script_applies_this_manifest()
    {
        var script = RepositoryFiles.ReadAllText("scripts/register-api.sh");

        Assert.Contains($"manifest={ManifestPath}", script, StringComparison.Ordinal);
        Assert.Contains("--body \"@$manifest\"", script, StringComparison.Ordinal);
    }
}
