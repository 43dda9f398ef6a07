using System.Buffers.Binary;
using Razorvine.Pickle;

namespace BsrnVideo.Infer.Checkpoints;

/// <summary>A torch storage class (<c>torch.FloatStorage</c>, ...): element size and conversion to float32.</summary>
internal sealed class StorageKind : IObjectConstructor
{
    public static readonly StorageKind Float = new("FloatStorage", 4);
    public static readonly StorageKind Half = new("HalfStorage", 2);
    public static readonly StorageKind BFloat16 = new("BFloat16Storage", 2);
    public static readonly StorageKind Double = new("DoubleStorage", 8);

    private StorageKind(string pythonName, int elementSize)
    {
        PythonName = pythonName;
        ElementSize = elementSize;
    }

    public static IReadOnlyList<StorageKind> All { get; } = [Float, Half, BFloat16, Double];

    public string PythonName { get; }

    public int ElementSize { get; }

    public float Read(ReadOnlySpan<byte> storage, long index)
    {
        ReadOnlySpan<byte> bytes = storage.Slice(checked((int)(index * ElementSize)), ElementSize);
        if (ReferenceEquals(this, Float))
        {
            return BinaryPrimitives.ReadSingleLittleEndian(bytes);
        }

        if (ReferenceEquals(this, Double))
        {
            return (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes);
        }

        return ReferenceEquals(this, Half)
            ? (float)BinaryPrimitives.ReadHalfLittleEndian(bytes)
            : BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16);
    }

    // The GLOBAL opcode pushes this object; a state dict never calls a storage class.
    public object construct(object[] args) => throw new InvalidDataException($"torch.{PythonName} is called in the pickle");
}
