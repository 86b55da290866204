using Microsoft.Extensions.Time.Testing;
using ReferralFunctions.Referrals.Intake;
using static ReferralFunctions.UnitTests.Referrals.Intake.ReferralExamples;

namespace ReferralFunctions.UnitTests.Referrals.Intake;

/// <summary>
/// Date-time fields are held to the contract's <c>format: date-time</c> (JsonSchema.Net's check) and to what a
/// <see cref="DateTimeOffset"/> can carry; either failing is one error with one message.
/// </summary>
public sealed class DateTimeFieldTests
{
    private const string Message = "must be an RFC 3339 date-time, e.g. 2026-01-31T13:45:00Z";

    private readonly ReferralValidator validator = new(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("2026-01-31T13:45:00Z")]
    [InlineData("2026-01-31T13:45:00+05:30")]
    [InlineData("2026-01-31T13:45:00-00:00")]
    [InlineData("2026-01-31T13:45:00.1234567+00:00")]
    [InlineData("2024-02-29T03:00:00Z")]
    [InlineData("2026-01-31T23:45:00-14:00")] // the widest offset a DateTimeOffset holds
    public void Accepted(string value) =>
        Assert.True(Validate(value).IsValid, value);

    [Theory]
    [InlineData("2026-01-31t13:45:00z")] // RFC 3339 allows lower case; a DateTimeOffset parse does not
    [InlineData("2026-01-31T13:45:00z")]
    [InlineData("2026-01-31 13:45:00Z")] // RFC 3339's space for 'T'
    [InlineData("2026-01-31_13:45:00Z")]
    [InlineData("2016-12-31T23:59:60Z")] // a real leap second: valid RFC 3339, not a DateTimeOffset
    [InlineData("2026-01-31T13:59:60Z")] // not a leap second at all
    [InlineData("2026-01-31T13:45Z")] // no seconds: a DateTimeOffset parse would take it
    [InlineData("2026-01-31T13:45:00")] // no offset
    [InlineData("2026-01-31T13:45:00+0530")]
    [InlineData("2026-01-31T13:45:00+23:59")] // RFC 3339 allows it; a DateTimeOffset holds at most 14 hours
    [InlineData("2026-01-31T13:45:00.Z")]
    [InlineData("2026-01-31T13:45:00,5Z")]
    [InlineData("2026-01-31T24:00:00Z")]
    [InlineData("2022-02-29T03:00:00Z")]
    [InlineData("2022-12-05")]
    [InlineData("0000-01-01T00:00:00Z")] // the library's calendar check throws for year 0; it must fail, not crash
    public void Refused_with_one_message(string value) =>
        Assert.Equal(new FieldProblem("$.observedAt", Message), Assert.Single(Validate(value).Errors));

    [Fact]
    public void A_malformed_date_in_the_future_is_only_malformed() =>
        Assert.Equal(new FieldProblem("$.observedAt", Message), Assert.Single(Validate("2099-01-31T13:45Z").Errors));

    [Fact]
    public void More_than_seven_fraction_digits_are_RFC_3339_and_kept_to_a_tick()
    {
        // RFC 3339 sets no limit on the fraction; before the library check, more than 7 digits were refused.
        var result = Validate("2026-01-31T13:45:00.123456789Z");

        Assert.True(result.IsValid);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 13, 45, 0, TimeSpan.Zero).AddTicks(1234567), result.Submission!.ObservedAt);
    }

    private ReferralValidationResult Validate(string observedAt) => validator.Validate(Bytes(With(r => r["observedAt"] = observedAt)));
}
