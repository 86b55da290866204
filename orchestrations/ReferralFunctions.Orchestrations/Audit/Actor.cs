namespace ReferralFunctions.Audit;

/// <summary>Who acts on a referral.</summary>
public enum ActorKind
{
    /// <summary>The workflow or a scheduled job, acting by itself.</summary>
    System,

    /// <summary>A referring carrier, named by its referrer pseudonym (never its id).</summary>
    Carrier,

    /// <summary>A Customs staff member, named by user id.</summary>
    Staff,
}

/// <summary>
/// An actor as written on the audit trail, timelines, decisions and security events: <c>system</c>,
/// <c>carrier:{pseudonym}</c> or <c>staff:{user id}</c>. The one place that formats and parses those names.
/// </summary>
public readonly record struct Actor(ActorKind Kind, string Id)
{
    /// <summary>How the system is named.</summary>
    public const string SystemName = "system";

    private const string CarrierPrefix = "carrier:";
    private const string StaffPrefix = "staff:";

    /// <summary>The workflow or a scheduled job.</summary>
    public static Actor System { get; } = new(ActorKind.System, "");

    /// <summary>A carrier by its referrer pseudonym (or, in rows written before carriers were protected, by its id).</summary>
    public static Actor Carrier(string pseudonym) => new(ActorKind.Carrier, pseudonym);

    /// <summary>A staff member by user id.</summary>
    public static Actor Staff(string userId) => new(ActorKind.Staff, userId);

    /// <summary>Reads a stored actor name; anything without a known prefix is read as a staff member's bare id.</summary>
    public static Actor Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name == SystemName ? System
            : name.StartsWith(CarrierPrefix, StringComparison.Ordinal) ? Carrier(name[CarrierPrefix.Length..])
            : name.StartsWith(StaffPrefix, StringComparison.Ordinal) ? Staff(name[StaffPrefix.Length..])
            : Staff(name);
    }

    /// <summary>Whether a stored actor name is a carrier's.</summary>
    public static bool IsCarrier(string name) => name?.StartsWith(CarrierPrefix, StringComparison.Ordinal) == true;

    /// <summary>The stored form.</summary>
    public override string ToString() => Kind switch
    {
        ActorKind.Carrier => CarrierPrefix + Id,
        ActorKind.Staff => StaffPrefix + Id,
        _ => SystemName,
    };

    /// <summary>The stored form, so an actor goes wherever a name is recorded.</summary>
    public static implicit operator string(Actor actor) => actor.ToString();
}

/// <summary>The capacities an actor acts in besides the staff roles (<see cref="Staff.StaffRoles"/>).</summary>
public static class ActorRoles
{
    /// <summary>The referring carrier.</summary>
    public const string Carrier = "carrier";

    /// <summary>The workflow or a scheduled job.</summary>
    public const string System = Actor.SystemName;
}
