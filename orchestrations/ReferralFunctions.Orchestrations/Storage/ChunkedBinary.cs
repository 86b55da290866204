using Azure.Data.Tables;

namespace ReferralFunctions.Storage;

/// <summary>
/// Stores a byte payload across several binary properties of one entity (Table Storage caps a property at 64 KiB).
/// </summary>
public static class ChunkedBinary
{
    private const int ChunkSize = 60 * 1024;

    /// <summary>Largest payload one entity can carry this way, leaving room for the other properties.</summary>
    public const int MaxBytes = 12 * ChunkSize;

    public static void Write(TableEntity entity, string name, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (payload.Length > MaxBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), $"Payload exceeds {MaxBytes} bytes.");
        }

        var chunks = (payload.Length + ChunkSize - 1) / ChunkSize;
        entity[name + "Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            var start = i * ChunkSize;
            entity[$"{name}{i}"] = payload.Slice(start, Math.Min(ChunkSize, payload.Length - start)).ToArray();
        }
    }

    public static byte[] Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var chunks = entity.GetInt32(name + "Chunks") ?? 0;
        using var buffer = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            var part = entity.GetBinary($"{name}{i}") ?? throw new InvalidDataException($"Chunk {i} of {name} is missing.");
            buffer.Write(part);
        }

        return buffer.ToArray();
    }
}
