using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using BsrnVideo.Infer.Checkpoints;

namespace BsrnVideo.Tests.Infer;

/// <summary>Writes small checkpoint files for the reader's failure tests.</summary>
internal static class CheckpointFiles
{
    public static CheckpointTensor Tensor(string name, int[] shape, float[] data) => new(name, shape, data);

    public static void WriteSafetensors(string path, IEnumerable<CheckpointTensor> tensors)
    {
        var header = new Dictionary<string, object>();
        using var data = new MemoryStream();
        Span<byte> b = stackalloc byte[4];
        foreach (CheckpointTensor t in tensors)
        {
            long start = data.Length;
            foreach (float v in t.Data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(b, v);
                data.Write(b);
            }

            header[t.Name] = new { dtype = "F32", shape = t.Shape, data_offsets = new[] { start, data.Length } };
        }

        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using FileStream file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        file.Write(length);
        file.Write(json);
        data.Position = 0;
        data.CopyTo(file);
    }
}
