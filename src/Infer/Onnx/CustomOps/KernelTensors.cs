namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// Reads a custom kernel's float inputs and allocates its outputs through the C API. Every method returns an
/// <c>OrtStatus*</c> (0 for success) that a kernel passes straight back to ORT.
/// </summary>
internal static unsafe class KernelTensors
{
    public const int MaxRank = 4;

    public static nint InputCount(nint context, int* count)
    {
        nuint n;
        nint status = OrtCApi.KernelContextGetInputCount(context, &n);
        *count = (int)n;
        return status;
    }

    /// <summary>Input <paramref name="index"/>: its data (null when an optional input is absent) and shape.</summary>
    public static nint Input(nint context, int index, float** data, Span<long> dims, int* rank)
    {
        nint value;
        *data = null;
        *rank = 0;
        nint status = OrtCApi.KernelContextGetInput(context, (nuint)index, &value);
        if (status != 0 || value == 0)
        {
            return status;
        }

        int elementType;
        status = OrtCApi.GetShape(value, &elementType, dims, rank);
        if (status != 0)
        {
            return status;
        }

        if (elementType != OrtCApi.ElementFloat || *rank > dims.Length)
        {
            return OrtCApi.CreateStatus(OrtCApi.ErrorInvalidArgument, $"input {index} must be a float tensor of rank {MaxRank} or less");
        }

        void* pointer;
        status = OrtCApi.GetTensorMutableData(value, &pointer);
        *data = (float*)pointer;
        return status;
    }

    /// <summary>Allocates output <paramref name="index"/> with <paramref name="dims"/>.</summary>
    public static nint Output(nint context, int index, ReadOnlySpan<long> dims, float** data)
    {
        nint value;
        *data = null;
        fixed (long* d = dims)
        {
            nint status = OrtCApi.KernelContextGetOutput(context, (nuint)index, d, (nuint)dims.Length, &value);
            if (status != 0)
            {
                return status;
            }
        }

        void* pointer;
        nint result = OrtCApi.GetTensorMutableData(value, &pointer);
        *data = (float*)pointer;
        return result;
    }

    public static nint Invalid(string message) => OrtCApi.CreateStatus(OrtCApi.ErrorInvalidArgument, message);

    public static string Describe(ReadOnlySpan<long> dims, int rank) => "[" + string.Join(',', dims[..rank].ToArray()) + "]";
}
