namespace BsrnVideo.Infer.Checkpoints;

/// <summary>One named tensor of a state dict, converted to contiguous row-major float32.</summary>
public sealed class CheckpointTensor
{
    private readonly float[] _data;

    internal CheckpointTensor(string name, int[] shape, float[] data)
    {
        Name = name;
        Shape = shape;
        _data = data;
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Tensor {name}: shape holds {count} elements but data has {data.Length}.", nameof(data));
        }
    }

    public string Name { get; }

    public IReadOnlyList<int> Shape { get; }

    public int ElementCount => _data.Length;

    public ReadOnlySpan<float> Data => _data;

    /// <summary>The shape as PyTorch prints it, e.g. <c>(64, 12, 1, 1)</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    internal static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
