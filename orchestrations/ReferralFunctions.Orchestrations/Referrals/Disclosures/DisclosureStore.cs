using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ReferralFunctions.Storage;

namespace ReferralFunctions.Referrals.Disclosures;

/// <summary>
/// Requests to disclose a referral's referrer to an agency (<c>disclosure|{disclosureId}</c>) and the audited reveals of
/// the referrer to staff (<c>reveal|{ticks}|{revealId}</c>), in the referral's partition. Nothing here is confidential
/// content: ids, roles, legal bases and purposes.
/// </summary>
public sealed class DisclosureStore(ReferralTables tables) : IReferralRows
{
    public const string DisclosurePrefix = "disclosure|";
    public const string RevealPrefix = "reveal|";

    public IReadOnlyList<string> RowKeyPrefixes => [DisclosurePrefix, RevealPrefix];

    /// <summary>Stores a disclosure request; if one with this id exists (a retry), returns the stored one instead.</summary>
    public async Task<DisclosureRecord> AddAsync(string id, DisclosureRecord disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        try
        {
            await tables.Referrals.AddEntityAsync(ToEntity(id, disclosure), cancellationToken).ConfigureAwait(false);
            return disclosure;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindAsync(id, disclosure.DisclosureId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Disclosure {disclosure.DisclosureId} conflicted but cannot be read.", ex);
        }
    }

    public async Task<DisclosureRecord?> FindAsync(string id, string disclosureId, CancellationToken cancellationToken)
    {
        var row = await tables.Referrals.GetEntityIfExistsAsync<TableEntity>(id, DisclosurePrefix + disclosureId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToDisclosure(row.Value!) : null;
    }

    public Task<IReadOnlyList<DisclosureRecord>> GetAsync(string id, CancellationToken cancellationToken) =>
        ReferralPartition.QueryAsync(tables.Referrals, id, DisclosurePrefix, (row, _) => ValueTask.FromResult(ToDisclosure(row)), cancellationToken);

    /// <summary>Records the decision on a disclosure if it is still as read (ETag); false if someone decided first.</summary>
    public async Task<bool> DecideAsync(string id, DisclosureRecord decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        try
        {
            await tables.Referrals.UpdateEntityAsync(ToEntity(id, decided), new ETag(decided.ETag!), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Records that a staff member was shown who referred (the audited reveal), before they are shown it.</summary>
    public async Task AddRevealAsync(string id, ReferrerReveal reveal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reveal);
        await tables.Referrals.AddEntityAsync(
            new TableEntity(id, string.Create(CultureInfo.InvariantCulture, $"{RevealPrefix}{reveal.At.UtcTicks:D19}|{reveal.RevealId}"))
            {
                ["Actor"] = reveal.Actor,
                ["Role"] = reveal.Role,
                ["At"] = reveal.At,
                ["Purpose"] = reveal.Purpose,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every reveal of the referrer of one referral, oldest first.</summary>
    public Task<IReadOnlyList<ReferrerReveal>> GetRevealsAsync(string id, CancellationToken cancellationToken) =>
        ReferralPartition.QueryAsync(tables.Referrals, id, RevealPrefix, (row, _) => ValueTask.FromResult(new ReferrerReveal(
            row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..], row.GetString("Actor"), row.GetString("Role"), row.GetDateTimeOffset("At") ?? default, row.GetString("Purpose"))), cancellationToken);

    public Task DeleteAsync(string referralId, CancellationToken cancellationToken) =>
        ReferralPartition.DeleteAsync(tables.Referrals, referralId, RowKeyPrefixes, cancellationToken);

    private static TableEntity ToEntity(string id, DisclosureRecord d) => new(id, DisclosurePrefix + d.DisclosureId)
    {
        ["Agency"] = d.Agency,
        ["LegalBasis"] = d.LegalBasis,
        ["Purpose"] = d.Purpose,
        ["RequestedBy"] = d.RequestedBy,
        ["RequestedAt"] = d.RequestedAt,
        ["State"] = d.State,
        ["DecidedBy"] = d.DecidedBy,
        ["DecidedAt"] = d.DecidedAt,
    };

    private static DisclosureRecord ToDisclosure(TableEntity row) => new(
        row.RowKey[DisclosurePrefix.Length..], row.GetString("Agency"), row.GetString("LegalBasis"), row.GetString("Purpose"),
        row.GetString("RequestedBy"), row.GetDateTimeOffset("RequestedAt") ?? default, row.GetString("State"),
        row.GetString("DecidedBy"), row.GetDateTimeOffset("DecidedAt"), row.ETag.ToString());
}
