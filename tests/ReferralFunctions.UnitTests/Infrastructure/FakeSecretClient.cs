using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;

namespace ReferralFunctions.UnitTests.Infrastructure;

/// <summary>A Key Vault secret client double over an in-memory list, built on the SDK's model factory.</summary>
internal sealed class FakeSecretClient : SecretClient
{
    private readonly List<KeyVaultSecret> secrets = [];

    public int VersionListings { get; private set; }

    public int SecretListings { get; private set; }

    /// <summary>Every call that reaches the vault: listings of names, listings of versions, reads of values.</summary>
    public int Reads { get; private set; }

    public void Add(string name, string version, string value, DateTimeOffset created, bool enabled = true, DateTimeOffset? expires = null)
    {
        var properties = SecretModelFactory.SecretProperties(
            new Uri($"https://vault.test/secrets/{name}/{version}"), new Uri("https://vault.test"), name, version, createdOn: created);
        properties.Enabled = enabled;
        properties.ExpiresOn = expires;
        secrets.Add(SecretModelFactory.KeyVaultSecret(properties, value));
    }

    public override AsyncPageable<SecretProperties> GetPropertiesOfSecretVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        VersionListings++;
        Reads++;
        var versions = secrets.Where(s => s.Name == name).Select(s => s.Properties).ToList();
        if (versions.Count == 0)
        {
            throw new RequestFailedException(404, "SecretNotFound");
        }

        return AsyncPageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(versions, null, new FakeResponse(200))]);
    }

    public override AsyncPageable<SecretProperties> GetPropertiesOfSecretsAsync(CancellationToken cancellationToken = default)
    {
        SecretListings++;
        Reads++;
        var latest = secrets.GroupBy(s => s.Name).Select(g => g.Last().Properties).ToList();
        return AsyncPageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(latest, null, new FakeResponse(200))]);
    }

    public override Task<Response<KeyVaultSecret>> GetSecretAsync(string name, string? version = null, CancellationToken cancellationToken = default)
    {
        Reads++;
        var secret = secrets.SingleOrDefault(s => s.Name == name && s.Properties.Version == version)
            ?? throw new RequestFailedException(404, "SecretNotFound");

        // Key Vault refuses to read a disabled version.
        return secret.Properties.Enabled == false
            ? throw new RequestFailedException(403, "Operation get is not allowed on a disabled secret.")
            : Task.FromResult(Response.FromValue(secret, new FakeResponse(200)));
    }
}

internal sealed class FakeResponse(int status) : Response
{
    public override int Status => status;

    public override string ReasonPhrase => "";

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; } = "";

    public override void Dispose()
    {
    }

    protected override bool ContainsHeader(string name) => false;

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return false;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = null;
        return false;
    }
}
