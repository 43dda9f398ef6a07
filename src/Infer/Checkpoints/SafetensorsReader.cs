using System.Buffers.Binary;
using System.Text.Json;

namespace BsrnVideo.Infer.Checkpoints;

/// <summary>
/// Reads a <c>.safetensors</c> file: an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and byte range, then the raw little-endian data.
/// </summary>
internal static class SafetensorsReader
{
    private const long MaxHeaderBytes = 100_000_000;

    public static bool LooksLikeSafetensors(ReadOnlySpan<byte> head) =>
        head.Length >= 9 && BinaryPrimitives.ReadUInt64LittleEndian(head) is > 1 and < MaxHeaderBytes && head[8] == (byte)'{';

    public static List<CheckpointTensor> Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 8)
        {
            throw new InvalidDataException("the file is shorter than a safetensors header");
        }

        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength <= 0 || 8 + headerLength > file.Length)
        {
            throw new InvalidDataException($"the safetensors header claims {headerLength} bytes but the file has {file.Length} (truncated file?)");
        }

        var tensors = new List<CheckpointTensor>();
        ReadOnlySpan<byte> data = file.AsSpan(checked((int)(8 + headerLength)));
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        foreach (JsonProperty property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                continue;
            }

            string dtype = property.Value.GetProperty("dtype").GetString() ?? "";
            int[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > data.Length)
            {
                throw new InvalidDataException($"tensor {property.Name} lies outside the file's data (truncated file?)");
            }

            ReadOnlySpan<byte> bytes = data[(int)offsets[0]..(int)offsets[1]];
            int elementSize = dtype switch
            {
                "F32" => 4,
                "F16" or "BF16" => 2,
                "F64" => 8,
                _ => throw new InvalidDataException($"tensor {property.Name} has dtype {dtype}; only F32, F16, BF16 and F64 are supported"),
            };
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (count * elementSize != bytes.Length)
            {
                throw new InvalidDataException($"tensor {property.Name}: shape {CheckpointTensor.FormatShape(shape)} does not match its {bytes.Length} bytes");
            }

            var values = new float[count];
            for (int i = 0; i < values.Length; i++)
            {
                ReadOnlySpan<byte> b = bytes.Slice(i * elementSize, elementSize);
                values[i] = dtype switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                    "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                    "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                    _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                };
            }

            tensors.Add(new CheckpointTensor(property.Name, shape, values));
        }

        return tensors;
    }
}
