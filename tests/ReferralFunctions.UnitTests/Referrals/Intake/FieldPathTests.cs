using System.Text.Json;
using Json.Pointer;
using Microsoft.Extensions.Time.Testing;
using ReferralFunctions.Referrals.Intake;
using static ReferralFunctions.UnitTests.Referrals.Intake.ReferralExamples;

namespace ReferralFunctions.UnitTests.Referrals.Intake;

/// <summary>Field locations: JSON Pointers from JsonPointer.Net, written and ordered as the paths clients have always read.</summary>
public sealed class FieldPathTests
{
    private static readonly JsonElement Body = JsonDocument.Parse("""
        {
          "category": "x",
          "location": { "unLocode": "AUMEL" },
          "shipment": { "containerNumbers": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"] },
          "parties": [{ "phone": "1" }, { "country": "AU" }],
          "odd": { "10": 1, "9": 2, "a/b": 3, "a~b": 4, "it's": 5, "back\\slash": 6, "_ok1": 7 }
        }
        """).RootElement;

    private readonly ReferralValidator validator = new(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("/shipment/containerNumbers/2", "/shipment/containerNumbers/10")]
    [InlineData("/location", "/location/unLocode")]
    [InlineData("/category", "/location")]
    [InlineData("/parties/0/phone", "/parties/1/country")]
    [InlineData("/odd/10", "/odd/9")] // property names, even of digits, compare as text
    [InlineData("/odd/a~1b", "/odd/a~0b")] // decoded: 'a/b' before 'a~b' (encoded, '~0' would sort first)
    [InlineData("/", "/category")] // the empty property name
    [InlineData("/parties/1", "/parties/1/country")]
    public void Paths_sort_by_segment(string first, string second)
    {
        var order = FieldPath.Order(Body);

        Assert.True(order.Compare(JsonPointer.Parse(first), JsonPointer.Parse(second)) < 0);
        Assert.True(order.Compare(JsonPointer.Parse(second), JsonPointer.Parse(first)) > 0);
        Assert.Equal(0, order.Compare(JsonPointer.Parse(first), JsonPointer.Parse(first)));
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("/shipment/containerNumbers/10", "$.shipment.containerNumbers[10]")]
    [InlineData("/parties/1/country", "$.parties[1].country")]
    [InlineData("/parties/7/country", "$.parties[7].country")] // past the end of a real array: still an index
    [InlineData("/parties/01", "$.parties[1]")]
    [InlineData("/odd/10", "$.odd['10']")] // digits naming an object's property
    [InlineData("/odd/a~1b", "$.odd['a/b']")]
    [InlineData("/odd/a~0b", "$.odd['a~b']")]
    [InlineData("/odd/~01", "$.odd['~1']")] // '~0' then '1', not '~' + '~1'
    [InlineData("/odd/it's", "$.odd['it\\'s']")]
    [InlineData("/odd/back\\slash", "$.odd['back\\\\slash']")]
    [InlineData("/odd/_ok1", "$.odd._ok1")]
    [InlineData("/missing/0/name", "$.missing['0'].name")] // nothing there to say it is an array
    public void Pointers_are_written_as_paths(string location, string path) =>
        Assert.Equal(path, FieldPath.Text(JsonPointer.Parse(location), Body));

    [Fact]
    public void Unknown_properties_with_escaped_or_numeric_names_are_reported_in_path_order()
    {
        var result = validator.Validate(Bytes(With(r =>
        {
            r["a/b"] = 1;
            r["c~d"] = 1;
            r["10"] = 1;
            r["9"] = 1;
            r["~1"] = 1;
        })));

        Assert.Equal(
            [
                new FieldProblem("$['10']", "unknown property"),
                new FieldProblem("$['9']", "unknown property"),
                new FieldProblem("$['a/b']", "unknown property"),
                new FieldProblem("$['c~d']", "unknown property"),
                new FieldProblem("$['~1']", "unknown property"),
            ],
            result.Errors);
    }

    [Fact]
    public void Errors_in_array_items_are_ordered_by_index()
    {
        var result = validator.Validate(Bytes(With(r =>
        {
            var containers = new System.Text.Json.Nodes.JsonArray();
            for (var i = 0; i < 11; i++)
            {
                containers.Add(i is 2 or 10 ? $"BAD{i}" : $"MSKU{i:D7}");
            }

            r["shipment"]!["containerNumbers"] = containers;
        })));

        var pattern = "must be an ISO 6346 container number: 3-letter owner code, category U, J or Z, 7 digits";
        Assert.Equal(
            [new FieldProblem("$.shipment.containerNumbers[2]", pattern), new FieldProblem("$.shipment.containerNumbers[10]", pattern)],
            result.Errors);
    }
}
