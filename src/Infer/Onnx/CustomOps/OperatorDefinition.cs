namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// One of our ONNX Runtime CPU operators: its name, float inputs and outputs (the first
/// <see cref="RequiredInputs"/> inputs required, the rest optional), how its output shapes follow from the
/// inputs, and its kernel. <see cref="Compute"/> receives an <c>OrtKernelContext*</c> and returns an
/// <c>OrtStatus*</c> (0 for success); it must not throw.
/// </summary>
internal sealed record OperatorDefinition(
    string Name,
    int Inputs,
    int RequiredInputs,
    OutputShape[] Outputs,
    Func<nint, nint> Compute);
