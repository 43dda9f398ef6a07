namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>How an operator output's shape follows from its first input's <c>[N, C, H, W]</c>.</summary>
internal enum OutputShape
{
    /// <summary><c>[N, C, H, W]</c>.</summary>
    SameAsInput,

    /// <summary><c>[N, C, 1, 1]</c>: one value per image and channel.</summary>
    PerChannel,
}
