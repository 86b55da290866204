using ReferralFunctions.Configuration;
using ReferralFunctions.Staff;

namespace ReferralFunctions.Confidentiality;

/// <summary>The referrer pseudonym key, the carrier look-up key and the local data keys (section "Confidentiality").</summary>
public sealed class ConfidentialityOptions : IValidatedOptions
{
    public const string SectionName = "Confidentiality";

    /// <summary>
    /// Key of the referrer pseudonyms. Locally a development value; in Azure the app setting is a Key Vault reference to
    /// the secret <c>referrer-pseudonym-key</c>.
    /// </summary>
    public string PseudonymKey { get; set; } = DevelopmentPseudonymKey;

    /// <summary>The pseudonym key of local runs. Anyone who knows it can test guesses of who a referrer is.</summary>
    public const string DevelopmentPseudonymKey = "local-development-pseudonym-key-not-for-production";

    /// <summary>The least length of a pseudonym or carrier look-up key: an HMAC key a guess cannot reach.</summary>
    public const int MinimumPseudonymKeyLength = 32;

    /// <summary>
    /// Key of the carrier look-up values stored instead of carrier ids (<see cref="CarrierLookup"/>). Locally a development
    /// value; in Azure the app setting is a Key Vault reference to the secret <c>carrier-lookup-key</c>. Changing it
    /// orphans every stored look-up (ownership, idempotency keys, nonces): it is not rotated.
    /// </summary>
    public string CarrierLookupKey { get; set; } = DevelopmentCarrierLookupKey;

    /// <summary>The carrier look-up key of local runs. Anyone who knows it can tell which carrier a stored row belongs to.</summary>
    public const string DevelopmentCarrierLookupKey = "local-development-carrier-lookup-key-not-for-production";

    /// <summary>
    /// The staff roles that may reveal who referred (<c>POST /api/v1/{role}/referrals/{reference}/referrer-reveal</c>),
    /// comma-separated. Every other role sees the referrer's pseudonym only.
    /// </summary>
    public string RevealRoles { get; set; } = StaffRoles.Analyst + "," + StaffRoles.Supervisor;

    /// <summary><see cref="RevealRoles"/> as a list.</summary>
    public IReadOnlyList<string> RevealRoleList =>
        (RevealRoles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Local data keys by id (base64 of 32 bytes); unused when the keys come from Key Vault.</summary>
    public Dictionary<string, string> DataKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Which of <see cref="DataKeys"/> encrypts new values.</summary>
    public string? CurrentDataKeyId { get; set; }

    /// <summary>How long the Key Vault store trusts its idea of the current key before looking for a newer version.</summary>
    public TimeSpan DataKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(PseudonymKey) || PseudonymKey.Length < MinimumPseudonymKeyLength)
        {
            yield return $"{SectionName}:PseudonymKey must be at least {MinimumPseudonymKeyLength} characters.";
        }

        if (string.IsNullOrEmpty(CarrierLookupKey) || CarrierLookupKey.Length < MinimumPseudonymKeyLength)
        {
            yield return $"{SectionName}:CarrierLookupKey must be at least {MinimumPseudonymKeyLength} characters.";
        }

        if (RevealRoleList.FirstOrDefault(r => !StaffRoles.All.Contains(r, StringComparer.Ordinal)) is { } unknown)
        {
            yield return $"{SectionName}:RevealRoles names '{unknown}', not one of: {string.Join(", ", StaffRoles.All)}.";
        }

        foreach (var (id, value) in DataKeys)
        {
            if (!IsDataKey(value))
            {
                yield return $"{SectionName}:DataKeys:{id} must be the base64 of 32 bytes.";
            }
        }

        if (CurrentDataKeyId is not null ? !DataKeys.ContainsKey(CurrentDataKeyId) : DataKeys.Count > 0)
        {
            yield return $"{SectionName}:CurrentDataKeyId must name one of {SectionName}:DataKeys.";
        }

        foreach (var problem in OptionRules.Positive($"{SectionName}:DataKeyRefreshInterval", DataKeyRefreshInterval, TimeSpan.FromDays(1)))
        {
            yield return problem;
        }
    }

    private static bool IsDataKey(string value)
    {
        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 32;
    }
}
