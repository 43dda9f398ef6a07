namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// Byte offsets of the <c>OrtCustomOp</c> members we fill (the struct is a version number followed by function
/// pointers), from <c>onnxruntime_c_api.h</c>; checked against the header by a compiled probe like
/// <see cref="OrtApiSlots"/>. Each constant is named exactly like the C member.
/// </summary>
internal static class OrtCustomOpFields
{
    public const int version = 0;
    public const int CreateKernel = 8;
    public const int GetName = 16;
    public const int GetExecutionProviderType = 24;
    public const int GetInputType = 32;
    public const int GetInputTypeCount = 40;
    public const int GetOutputType = 48;
    public const int GetOutputTypeCount = 56;
    public const int KernelCompute = 64;
    public const int KernelDestroy = 72;
    public const int GetInputCharacteristic = 80;
    public const int GetOutputCharacteristic = 88;
    public const int GetInputMemoryType = 96;
    public const int GetVariadicInputMinArity = 104;
    public const int GetVariadicInputHomogeneity = 112;
    public const int GetVariadicOutputMinArity = 120;
    public const int GetVariadicOutputHomogeneity = 128;
    public const int CreateKernelV2 = 136;
    public const int KernelComputeV2 = 144;
    public const int InferOutputShapeFn = 152;
    public const int GetStartVersion = 160;
    public const int GetEndVersion = 168;

    /// <summary>The size up to and including <see cref="GetEndVersion"/>: all a version-17 op may be read for.</summary>
    public const int SizeForVersion17 = 176;
}
