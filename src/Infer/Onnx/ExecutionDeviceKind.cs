namespace BsrnVideo.Infer.Onnx;

public enum ExecutionDeviceKind
{
    Cpu,
    Cuda,
    Auto,
}
