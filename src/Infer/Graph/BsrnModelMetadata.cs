namespace BsrnVideo.Infer.Graph;

/// <summary>Keys of the metadata properties <see cref="BsrnGraphBuilder"/> writes into every model.</summary>
public static class BsrnModelMetadata
{
    public const string Scale = "bsrn.scale";
    public const string Variant = "bsrn.variant";
    public const string NumFeatures = "bsrn.num_feat";
    public const string NumBlocks = "bsrn.num_block";
    public const string Io = "bsrn.io";
    public const string Precision = "bsrn.precision";
    public const string MinInputSize = "bsrn.min_input_size";
    public const string ParameterCount = "bsrn.parameters";

    public const string IoUInt8Nhwc = "uint8-nhwc";
    public const string IoFloat32Nchw = "float32-nchw";
}
