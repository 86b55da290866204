using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace ReferralFunctions.Backup;

/// <summary>
/// One table entity as one line of JSON, every property with its EDM type, so a restore writes back exactly what was
/// stored: <c>{"PartitionKey":…,"RowKey":…,"Timestamp":…,"Properties":{"Name":{"Type":"Edm.Int64","Value":"42"},…}}</c>.
/// Values that JSON numbers cannot carry exactly (Int64, Double) are written as invariant strings; DateTime as ISO 8601
/// with all seven fractional digits the service keeps; Binary as base64. Properties are sorted by name (ordinal), so
/// the same entity always gives the same bytes. Values are written as stored: ciphertext stays ciphertext.
/// </summary>
public static class EntityLine
{
    public const string EdmString = "Edm.String";
    public const string EdmInt32 = "Edm.Int32";
    public const string EdmInt64 = "Edm.Int64";
    public const string EdmDouble = "Edm.Double";
    public const string EdmBoolean = "Edm.Boolean";
    public const string EdmDateTime = "Edm.DateTime";
    public const string EdmGuid = "Edm.Guid";
    public const string EdmBinary = "Edm.Binary";

    private const string DateFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

    /// <summary>The keys of <see cref="TableEntity"/> that are system properties, not stored values.</summary>
    private static readonly HashSet<string> SystemKeys = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entity);
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        if (entity.Timestamp is { } timestamp)
        {
            // For the reader only: the service sets Timestamp itself on every write.
            writer.WriteString("Timestamp", FormatDate(timestamp));
        }

        writer.WriteStartObject("Properties");
        foreach (var (name, value) in entity.Where(p => !SystemKeys.Contains(p.Key) && p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject(name);
            switch (value)
            {
                case string text:
                    writer.WriteString("Type", EdmString);
                    writer.WriteString("Value", text);
                    break;
                case int number:
                    writer.WriteString("Type", EdmInt32);
                    writer.WriteNumber("Value", number);
                    break;
                case long number:
                    writer.WriteString("Type", EdmInt64);
                    writer.WriteString("Value", number.ToString(CultureInfo.InvariantCulture));
                    break;
                case double number:
                    writer.WriteString("Type", EdmDouble);
                    writer.WriteString("Value", number.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case bool flag:
                    writer.WriteString("Type", EdmBoolean);
                    writer.WriteBoolean("Value", flag);
                    break;
                case DateTimeOffset date:
                    writer.WriteString("Type", EdmDateTime);
                    writer.WriteString("Value", FormatDate(date));
                    break;
                case System.DateTime date:
                    writer.WriteString("Type", EdmDateTime);
                    writer.WriteString("Value", FormatDate(new DateTimeOffset(date.Kind == DateTimeKind.Unspecified ? System.DateTime.SpecifyKind(date, DateTimeKind.Utc) : date)));
                    break;
                case System.Guid id:
                    writer.WriteString("Type", EdmGuid);
                    writer.WriteString("Value", id.ToString("D"));
                    break;
                case byte[] bytes:
                    writer.WriteString("Type", EdmBinary);
                    writer.WriteBase64String("Value", bytes);
                    break;
                case BinaryData data:
                    writer.WriteString("Type", EdmBinary);
                    writer.WriteBase64String("Value", data.ToMemory().Span);
                    break;
                default:
                    throw new NotSupportedException($"Property {name} of {entity.PartitionKey}/{entity.RowKey} has a type Table Storage does not store: {value.GetType().Name}.");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The line as UTF-8 bytes, without the newline.</summary>
    public static byte[] ToBytes(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return buffer.ToArray();
    }

    /// <summary>The entity a line describes, each value of its recorded type (no Timestamp or ETag: the service sets them).</summary>
    public static TableEntity Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var entity = new TableEntity(Required(root, "PartitionKey").GetString()!, Required(root, "RowKey").GetString()!);
        foreach (var property in Required(root, "Properties").EnumerateObject())
        {
            var type = Required(property.Value, "Type").GetString();
            var value = Required(property.Value, "Value");
            entity[property.Name] = type switch
            {
                EdmString => value.GetString()!,
                EdmInt32 => value.GetInt32(),
                EdmInt64 => long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                EdmDouble => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                EdmBoolean => value.GetBoolean(),
                EdmDateTime => DateTimeOffset.ParseExact(value.GetString()!, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                EdmGuid => System.Guid.ParseExact(value.GetString()!, "D"),
                EdmBinary => value.GetBytesFromBase64(),
                _ => throw new InvalidDataException($"Property {property.Name} has an unknown type {type}."),
            };
        }

        return entity;
    }

    private static string FormatDate(DateTimeOffset date) => date.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static JsonElement Required(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"An exported entity lacks {name}.");
}
