namespace ReferralFunctions.Staff;

/// <summary>A Customs staff member, authenticated by bearer token.</summary>
public sealed record StaffUser(string UserId, string Name, IReadOnlyList<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>The staff roles (the <c>roles</c> claim of the token).</summary>
public static class StaffRoles
{
    public const string Analyst = "analyst";
    public const string Coordinator = "coordinator";
    public const string Supervisor = "supervisor";

    public static readonly IReadOnlyList<string> All = [Analyst, Coordinator, Supervisor];
}
