using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReferralFunctions.Carriers;

namespace ReferralFunctions.UnitTests.Carriers;

/// <summary>
/// A carrier secret is an HMAC-SHA256 key and must carry 256 bits (ASVS 11.2.3): a locally configured one shorter than
/// <see cref="CarrierSecrets.MinimumBytes"/> stops the start, naming the setting and never its value.
/// </summary>
public sealed class CarrierSecretLengthTests
{
    private const string Short = "acme-secret-of-31-bytes-0123456";
    private static readonly string Proper = "acme-secret-of-a-proper-length-" + new string('7', 8);

    [Fact]
    public void The_minimum_is_256_bits_counted_in_utf8_bytes()
    {
        Assert.Equal(32, CarrierSecrets.MinimumBytes);
        Assert.Equal(CarrierSecrets.MinimumBytes - 1, Encoding.UTF8.GetByteCount(Short));
        Assert.False(CarrierSecrets.LongEnough(Short));
        Assert.True(CarrierSecrets.LongEnough(new string('k', 32)));
        Assert.True(CarrierSecrets.LongEnough(new string('é', 16)));   // 16 characters, 32 bytes
        Assert.False(CarrierSecrets.LongEnough(new string('k', 31)));
        Assert.False(CarrierSecrets.LongEnough(null));
    }

    [Fact]
    public void The_development_demo_secret_and_the_deployment_guides_keys_are_long_enough()
    {
        Assert.True(CarrierSecrets.LongEnough(LocalCarrierSecretStore.DevelopmentDemoSecret));
        Assert.True(CarrierSecrets.LongEnough(Convert.ToBase64String(new byte[32])));   // what docs/deployment.md creates
    }

    [Theory]
    [InlineData("Secret")]
    [InlineData("PreviousSecret")]
    public void A_short_local_secret_is_a_problem_naming_the_setting_not_the_value(string which)
    {
        var options = new CarrierAuthOptions();
        options.Carriers["ACME"] = which == "Secret"
            ? new LocalCarrier { Secret = Short }
            : new LocalCarrier { Secret = Proper, PreviousSecret = Short };

        var problem = Assert.Single(options.Problems());

        Assert.StartsWith($"CarrierAuth:Carriers:ACME:{which} must be at least 32 bytes", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Short, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Proper_local_secrets_pass()
    {
        var options = new CarrierAuthOptions();
        options.Carriers["ACME"] = new LocalCarrier { Secret = Proper, PreviousSecret = Proper + "-old" };
        options.Carriers["NEWCO"] = new LocalCarrier { Secret = Proper };

        Assert.Empty(options.Problems());
    }

    [Fact]
    public void A_short_local_secret_stops_the_start()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Validate(new()
        {
            ["CarrierAuth:Carriers:ACME:Secret"] = Proper,
            ["CarrierAuth:Carriers:ACME:PreviousSecret"] = Short,
        }));

        Assert.Contains("CarrierAuth:Carriers:ACME:PreviousSecret", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Short, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_demo_secret_from_the_environment_stops_the_start()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Validate(new()
        {
            [LocalCarrierSecretStore.DemoSecretVariable] = Short,
        }));

        Assert.Contains(LocalCarrierSecretStore.DemoSecretVariable, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Short, refused.Message, StringComparison.Ordinal);
        Validate(new() { [LocalCarrierSecretStore.DemoSecretVariable] = Proper });
    }

    private static void Validate(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddReferralServices(configuration);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
