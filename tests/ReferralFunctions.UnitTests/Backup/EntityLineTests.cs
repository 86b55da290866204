using System.Text;
using Azure.Data.Tables;
using ReferralFunctions.Backup;

namespace ReferralFunctions.UnitTests.Backup;

/// <summary>An exported line gives back every property with its EDM type and exact value, edge values included.</summary>
public sealed class EntityLineTests
{
    public static TheoryData<string, object> Values => new()
    {
        { EntityLine.EdmString, "" },
        { EntityLine.EdmString, "line one\nline \"two\"\t\u00e9\u4e2d\ud83d\ude00 \\ end" },
        { EntityLine.EdmInt32, 0 },
        { EntityLine.EdmInt32, int.MinValue },
        { EntityLine.EdmInt32, int.MaxValue },
        { EntityLine.EdmInt64, long.MinValue },
        { EntityLine.EdmInt64, long.MaxValue },
        { EntityLine.EdmInt64, 9_007_199_254_740_993L },
        { EntityLine.EdmDouble, 2.0 },
        { EntityLine.EdmDouble, 0.1 },
        { EntityLine.EdmDouble, -0.0 },
        { EntityLine.EdmDouble, double.Epsilon },
        { EntityLine.EdmDouble, double.MaxValue },
        { EntityLine.EdmDouble, double.NaN },
        { EntityLine.EdmDouble, double.PositiveInfinity },
        { EntityLine.EdmDouble, double.NegativeInfinity },
        { EntityLine.EdmBoolean, true },
        { EntityLine.EdmBoolean, false },
        { EntityLine.EdmDateTime, new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(1_234_567) },
        { EntityLine.EdmDateTime, new DateTimeOffset(1601, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        { EntityLine.EdmGuid, new Guid("0f8fad5b-d9cb-469f-a165-70867728950e") },
        { EntityLine.EdmBinary, Array.Empty<byte>() },
        { EntityLine.EdmBinary, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Each_value_comes_back_with_its_type_and_exact_value(string edmType, object value)
    {
        var line = EntityLine.ToBytes(new TableEntity("p", "r") { ["Value"] = value });

        var back = EntityLine.Read(line)["Value"];

        Assert.Contains($"\"Type\":\"{edmType}\"", Encoding.UTF8.GetString(line), StringComparison.Ordinal);
        Assert.Equal(value.GetType(), back.GetType());
        switch (value)
        {
            case double number:
                // Bit for bit: -0.0 and NaN compare equal to their look-alikes otherwise.
                Assert.Equal(BitConverter.DoubleToInt64Bits(number), BitConverter.DoubleToInt64Bits((double)back));
                break;
            case byte[] bytes:
                Assert.Equal(bytes, (byte[])back);
                break;
            default:
                Assert.Equal(value, back);
                break;
        }
    }

    [Fact]
    public void A_date_with_an_offset_comes_back_as_the_same_instant_in_utc()
    {
        var local = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.FromHours(9)).AddTicks(7);

        var back = (DateTimeOffset)EntityLine.Read(EntityLine.ToBytes(new TableEntity("p", "r") { ["At"] = local }))["At"];

        Assert.Equal(local.UtcTicks, back.UtcTicks);
        Assert.Equal(TimeSpan.Zero, back.Offset);
    }

    [Fact]
    public void A_line_is_one_line_and_the_same_bytes_whatever_order_the_properties_were_set_in()
    {
        var first = new TableEntity("p", "r") { ["B"] = "x\ny", ["A"] = 1L, ["C"] = new byte[] { 10, 13 } };
        var second = new TableEntity("p", "r") { ["C"] = new byte[] { 10, 13 }, ["A"] = 1L, ["B"] = "x\ny" };

        var line = EntityLine.ToBytes(first);

        Assert.Equal(line, EntityLine.ToBytes(second));
        Assert.DoesNotContain((byte)'\n', line);
        Assert.DoesNotContain((byte)'\r', line);
    }

    [Fact]
    public void Keys_are_kept_and_system_properties_are_not_restored_as_values()
    {
        var stored = new TableEntity("RF-2026-AAAA-BBBB", "timeline|0001") { ["Status"] = "Closed", Timestamp = DateTimeOffset.UtcNow, ETag = new Azure.ETag("W/\"x\"") };

        var line = EntityLine.ToBytes(stored);
        var back = EntityLine.Read(line);

        Assert.Contains("\"Timestamp\":", Encoding.UTF8.GetString(line), StringComparison.Ordinal);
        Assert.Equal(("RF-2026-AAAA-BBBB", "timeline|0001"), (back.PartitionKey, back.RowKey));
        Assert.Equal(["PartitionKey", "RowKey", "Status"], back.Keys.Order(StringComparer.Ordinal));
        Assert.Null(back.Timestamp);
    }

    [Fact]
    public void An_unknown_type_or_a_malformed_line_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => EntityLine.Read("""{"PartitionKey":"p","RowKey":"r","Properties":{"X":{"Type":"Edm.Decimal","Value":"1"}}}"""u8));
        Assert.Throws<InvalidDataException>(() => EntityLine.Read("""{"PartitionKey":"p","Properties":{}}"""u8));
        Assert.Throws<NotSupportedException>(() => EntityLine.ToBytes(new TableEntity("p", "r") { ["X"] = 1.5m }));
    }
}
