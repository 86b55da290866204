namespace ReferralFunctions.Confidentiality;

/// <summary>The referrer pseudonym key and the local data keys (section "Confidentiality").</summary>
public sealed class ConfidentialityOptions
{
    public const string SectionName = "Confidentiality";

    /// <summary>
    /// Key of the referrer pseudonyms. Locally a development value; in Azure the app setting is a Key Vault reference to
    /// the secret <c>referrer-pseudonym-key</c>.
    /// </summary>
    public string PseudonymKey { get; set; } = "local-development-pseudonym-key-not-for-production";

    /// <summary>Local data keys by id (base64 of 32 bytes); unused when the keys come from Key Vault.</summary>
    public Dictionary<string, string> DataKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Which of <see cref="DataKeys"/> encrypts new values.</summary>
    public string? CurrentDataKeyId { get; set; }

    /// <summary>How long the Key Vault store trusts its idea of the current key before looking for a newer version.</summary>
    public TimeSpan DataKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);
}
