namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// A concrete input shape a session is specialised to (ORT free-dimension overrides): with every dimension known,
/// ORT's NCHWc layout pass can fuse residual adds and sums into its convolutions.
/// </summary>
internal readonly record struct SessionShape(int Batch, int Height, int Width, int Scale)
{
    public override string ToString() => $"{Batch}x{Height}x{Width}";
}
