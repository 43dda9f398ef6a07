namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// Positions (in pointers) of the <c>OrtApi</c> functions we call, from <c>onnxruntime_c_api.h</c> of the
/// ONNX Runtime package we build against. The table only grows at its end between releases, so these hold for
/// that release and later ones; a test compiles a probe against the package's header and compares every value.
/// Each constant is named exactly like the C member.
/// </summary>
internal static class OrtApiSlots
{
    public const int CreateStatus = 0;
    public const int GetErrorMessage = 2;
    public const int CreateCustomOpDomain = 26;
    public const int CustomOpDomain_Add = 27;
    public const int AddCustomOpDomain = 28;
    public const int GetTensorMutableData = 51;
    public const int CreateTensorTypeAndShapeInfo = 57;
    public const int SetTensorElementType = 58;
    public const int SetDimensions = 59;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int GetSymbolicDimensions = 63;
    public const int GetTensorTypeAndShape = 65;
    public const int KernelContext_GetInputCount = 88;
    public const int KernelContext_GetInput = 90;
    public const int KernelContext_GetOutput = 91;
    public const int ReleaseStatus = 93;
    public const int ReleaseTensorTypeAndShapeInfo = 99;
    public const int ShapeInferContext_GetInputTypeShape = 268;
    public const int ShapeInferContext_SetOutputTypeShape = 270;
    public const int SetSymbolicDimensions = 271;
    public const int KernelContext_ParallelFor = 274;
}
