using System.Runtime.InteropServices;

namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// The slice of ONNX Runtime's C API that custom operators need and the managed package does not expose:
/// registering an operator domain on a <see cref="Microsoft.ML.OnnxRuntime.SessionOptions"/> and the kernel-side
/// calls (inputs, outputs, shapes, the intra-op thread pool). Function pointers are read from the <c>OrtApi</c>
/// table at the positions in <see cref="OrtApiSlots"/>.
/// </summary>
internal static unsafe partial class OrtCApi
{
    /// <summary>The C API version we ask for: 17 is the first with <c>KernelContext_ParallelFor</c>.</summary>
    public const uint Version = 17;

    public const int ErrorFail = 1;
    public const int ErrorInvalidArgument = 2;
    public const int ElementFloat = 1;

    private static readonly Lazy<nint> s_api = new(LoadApi);
    private static readonly nint s_empty = Marshal.StringToCoTaskMemUTF8(string.Empty);
    private static readonly nint[] s_unknownAxisNames =
        [.. Enumerable.Range(0, 8).Select(i => Marshal.StringToCoTaskMemUTF8("bsrnvideo_axis" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))];

    private static void** Table => (void**)s_api.Value;

    public static nint CreateStatus(int code, string message)
    {
        nint text = Marshal.StringToCoTaskMemUTF8(message);
        try
        {
            return ((delegate* unmanaged<int, nint, nint>)Table[OrtApiSlots.CreateStatus])(code, text);
        }
        finally
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    /// <summary>Throws with ORT's message when <paramref name="status"/> is an error; releases it.</summary>
    public static void ThrowIfError(nint status, string what)
    {
        if (status == 0)
        {
            return;
        }

        string message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)Table[OrtApiSlots.GetErrorMessage])(status)) ?? "unknown error";
        ((delegate* unmanaged<nint, void>)Table[OrtApiSlots.ReleaseStatus])(status);
        throw new InferenceException($"ONNX Runtime could not {what}: {message}");
    }

    public static nint CreateCustomOpDomain(nint domainName, nint* domain) =>
        ((delegate* unmanaged<nint, nint*, nint>)Table[OrtApiSlots.CreateCustomOpDomain])(domainName, domain);

    public static nint CustomOpDomainAdd(nint domain, nint op) =>
        ((delegate* unmanaged<nint, nint, nint>)Table[OrtApiSlots.CustomOpDomain_Add])(domain, op);

    public static nint AddCustomOpDomain(nint sessionOptions, nint domain) =>
        ((delegate* unmanaged<nint, nint, nint>)Table[OrtApiSlots.AddCustomOpDomain])(sessionOptions, domain);

    public static nint KernelContextGetInputCount(nint context, nuint* count) =>
        ((delegate* unmanaged<nint, nuint*, nint>)Table[OrtApiSlots.KernelContext_GetInputCount])(context, count);

    public static nint KernelContextGetInput(nint context, nuint index, nint* value) =>
        ((delegate* unmanaged<nint, nuint, nint*, nint>)Table[OrtApiSlots.KernelContext_GetInput])(context, index, value);

    public static nint KernelContextGetOutput(nint context, nuint index, long* dims, nuint rank, nint* value) =>
        ((delegate* unmanaged<nint, nuint, long*, nuint, nint*, nint>)Table[OrtApiSlots.KernelContext_GetOutput])(context, index, dims, rank, value);

    public static nint KernelContextParallelFor(nint context, delegate* unmanaged<void*, nuint, void> work, nuint total, nuint batches, void* state) =>
        ((delegate* unmanaged<nint, delegate* unmanaged<void*, nuint, void>, nuint, nuint, void*, nint>)Table[OrtApiSlots.KernelContext_ParallelFor])(
            context, work, total, batches, state);

    /// <summary>
    /// Declares output <paramref name="output"/> a float tensor with the (possibly symbolic) shape of input
    /// <paramref name="input"/>, or <c>[N, C, 1, 1]</c> of its <c>[N, C, H, W]</c> when <paramref name="perChannel"/>,
    /// the way ORT's own C++ wrapper does it: read the input's dimensions, write them into a new type-and-shape object.
    /// </summary>
    public static nint DeclareOutputShape(nint shapeContext, nuint input, nuint output, bool perChannel)
    {
        const int MaxRank = 8;
        long* dims = stackalloc long[MaxRank];
        nint* symbols = stackalloc nint[MaxRank];
        nint source;
        nint status = ((delegate* unmanaged<nint, nuint, nint*, nint>)Table[OrtApiSlots.ShapeInferContext_GetInputTypeShape])(shapeContext, input, &source);
        if (status != 0)
        {
            return status;
        }

        // The source object belongs to the shape-inference context: it is not released here (that frees it twice).
        nuint rank = 0;
        status = ((delegate* unmanaged<nint, nuint*, nint>)Table[OrtApiSlots.GetDimensionsCount])(source, &rank);
        if (status == 0 && rank > MaxRank)
        {
            return CreateStatus(ErrorInvalidArgument, $"rank {rank} is not supported");
        }

        if (status == 0)
        {
            status = ((delegate* unmanaged<nint, long*, nuint, nint>)Table[OrtApiSlots.GetDimensions])(source, dims, rank);
        }

        if (status == 0)
        {
            status = ((delegate* unmanaged<nint, nint*, nuint, nint>)Table[OrtApiSlots.GetSymbolicDimensions])(source, symbols, rank);
        }

        if (status != 0)
        {
            return status;
        }

        // A dimension ORT does not know comes back as -1 with no name; written back like that it would read as
        // the concrete value -1, so it gets a name (one per axis, shared by every such output). ORT takes equal
        // names for equal sizes: that holds because every operator of ours reads full-resolution feature maps
        // of the network's input size; an operator on other sizes would need names of its own.
        for (int i = 0; i < (int)rank; i++)
        {
            if (dims[i] < 0 && (symbols[i] == 0 || *(byte*)symbols[i] == 0))
            {
                symbols[i] = s_unknownAxisNames[Math.Min(i, s_unknownAxisNames.Length - 1)];
            }
        }

        if (perChannel && rank == 4)
        {
            dims[2] = dims[3] = 1;
            symbols[2] = symbols[3] = s_empty;
        }

        nint target;
        if ((status = ((delegate* unmanaged<nint*, nint>)Table[OrtApiSlots.CreateTensorTypeAndShapeInfo])(&target)) != 0)
        {
            return status;
        }

        try
        {
            if ((status = ((delegate* unmanaged<nint, int, nint>)Table[OrtApiSlots.SetTensorElementType])(target, ElementFloat)) == 0
                && (status = ((delegate* unmanaged<nint, long*, nuint, nint>)Table[OrtApiSlots.SetDimensions])(target, dims, rank)) == 0
                && (status = ((delegate* unmanaged<nint, nint*, nuint, nint>)Table[OrtApiSlots.SetSymbolicDimensions])(target, symbols, rank)) == 0)
            {
                status = ((delegate* unmanaged<nint, nuint, nint, nint>)Table[OrtApiSlots.ShapeInferContext_SetOutputTypeShape])(shapeContext, output, target);
            }

            return status;
        }
        finally
        {
            ReleaseTypeAndShape(target);
        }
    }

    public static nint GetTensorMutableData(nint value, void** data) =>
        ((delegate* unmanaged<nint, void**, nint>)Table[OrtApiSlots.GetTensorMutableData])(value, data);

    /// <summary>The element type and dimensions of a tensor value (rank up to <paramref name="dims"/>'s length).</summary>
    public static nint GetShape(nint value, int* elementType, Span<long> dims, int* rank)
    {
        nint info;
        nint status = ((delegate* unmanaged<nint, nint*, nint>)Table[OrtApiSlots.GetTensorTypeAndShape])(value, &info);
        if (status != 0)
        {
            return status;
        }

        try
        {
            status = ((delegate* unmanaged<nint, int*, nint>)Table[OrtApiSlots.GetTensorElementType])(info, elementType);
            nuint count = 0;
            if (status == 0)
            {
                status = ((delegate* unmanaged<nint, nuint*, nint>)Table[OrtApiSlots.GetDimensionsCount])(info, &count);
            }

            *rank = (int)count;
            if (status == 0 && (int)count <= dims.Length)
            {
                fixed (long* d = dims)
                {
                    status = ((delegate* unmanaged<nint, long*, nuint, nint>)Table[OrtApiSlots.GetDimensions])(info, d, count);
                }
            }

            return status;
        }
        finally
        {
            ReleaseTypeAndShape(info);
        }
    }

    private static void ReleaseTypeAndShape(nint info) => ((delegate* unmanaged<nint, void>)Table[OrtApiSlots.ReleaseTensorTypeAndShapeInfo])(info);

    [LibraryImport("onnxruntime")]
    private static partial nint OrtGetApiBase();

    private static nint LoadApi()
    {
        // OrtApiBase: { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
        nint* apiBase = (nint*)OrtGetApiBase();
        nint api = ((delegate* unmanaged<uint, nint>)apiBase[0])(Version);
        if (api == 0)
        {
            throw new InferenceException($"the loaded ONNX Runtime does not offer C API version {Version}");
        }

        return api;
    }
}
