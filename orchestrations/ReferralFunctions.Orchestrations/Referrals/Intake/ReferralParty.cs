namespace ReferralFunctions.Referrals.Intake;

/// <summary>A party to the shipment (consignee, shipper, notify-party, importer, exporter, agent, freight-forwarder, other).</summary>
public sealed record ReferralParty
{
    public required string Role { get; init; }

    public string? Name { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public string? Address { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; init; }

    public IReadOnlyList<ContactAttempt>? ContactAttempts { get; init; }
}
