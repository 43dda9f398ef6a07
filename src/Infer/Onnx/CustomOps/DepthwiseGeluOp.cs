using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// Registers <see cref="DepthwiseGeluKernel"/> with ONNX Runtime as the CPU operator
/// <c>ai.bsrnvideo.DepthwiseConv3x3Gelu(X, W, B[, R]) -> Y</c>: X, R, Y NCHWc-blocked <c>[N, C, H, W]</c> (C a
/// multiple of the block), W <c>[C/B, 3, 3, B]</c>, B <c>[C]</c>. The operator description and the domain are
/// created once per process in native memory and never freed, because every session created with them keeps
/// pointers into both.
/// </summary>
internal static unsafe class DepthwiseGeluOp
{
    public const string Domain = "ai.bsrnvideo";
    public const string Name = "DepthwiseConv3x3Gelu";

    private const int RequiredInputs = 3;
    private const int AllInputs = 4;
    private static readonly Lazy<nint> s_domain = new(CreateDomain);
    private static nint s_name;
    private static nint s_provider;

    /// <summary>Makes the operator available to sessions created with <paramref name="options"/>.</summary>
    public static void AddTo(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool added = false;
        try
        {
            options.DangerousAddRef(ref added);
            OrtCApi.ThrowIfError(OrtCApi.AddCustomOpDomain(options.DangerousGetHandle(), s_domain.Value), "register the " + Domain + " operators");
        }
        finally
        {
            if (added)
            {
                options.DangerousRelease();
            }
        }
    }

    private static nint CreateDomain()
    {
        s_name = Marshal.StringToCoTaskMemUTF8(Name);
        s_provider = Marshal.StringToCoTaskMemUTF8("CPUExecutionProvider");
        byte* op = (byte*)NativeMemory.AllocZeroed(256);
        *(uint*)op = OrtCApi.Version;
        Set(op, OrtCustomOpFields.GetName, (delegate* unmanaged<nint, nint>)&GetName);
        Set(op, OrtCustomOpFields.GetExecutionProviderType, (delegate* unmanaged<nint, nint>)&GetProvider);
        Set(op, OrtCustomOpFields.GetInputType, (delegate* unmanaged<nint, nuint, int>)&GetFloatType);
        Set(op, OrtCustomOpFields.GetInputTypeCount, (delegate* unmanaged<nint, nuint>)&GetInputCount);
        Set(op, OrtCustomOpFields.GetOutputType, (delegate* unmanaged<nint, nuint, int>)&GetFloatType);
        Set(op, OrtCustomOpFields.GetOutputTypeCount, (delegate* unmanaged<nint, nuint>)&GetOutputCount);
        Set(op, OrtCustomOpFields.KernelDestroy, (delegate* unmanaged<void*, void>)&DestroyKernel);
        Set(op, OrtCustomOpFields.GetInputCharacteristic, (delegate* unmanaged<nint, nuint, int>)&GetInputCharacteristic);
        Set(op, OrtCustomOpFields.GetOutputCharacteristic, (delegate* unmanaged<nint, nuint, int>)&GetRequired);
        Set(op, OrtCustomOpFields.GetInputMemoryType, (delegate* unmanaged<nint, nuint, int>)&GetDefaultMemory);
        Set(op, OrtCustomOpFields.GetVariadicInputMinArity, (delegate* unmanaged<nint, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetVariadicInputHomogeneity, (delegate* unmanaged<nint, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetVariadicOutputMinArity, (delegate* unmanaged<nint, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetVariadicOutputHomogeneity, (delegate* unmanaged<nint, int>)&GetOne);
        Set(op, OrtCustomOpFields.CreateKernelV2, (delegate* unmanaged<nint, nint, nint, void**, nint>)&CreateKernel);
        Set(op, OrtCustomOpFields.KernelComputeV2, (delegate* unmanaged<void*, nint, nint>)&Compute);
        Set(op, OrtCustomOpFields.InferOutputShapeFn, (delegate* unmanaged<nint, nint, nint>)&InferOutputShape);
        Set(op, OrtCustomOpFields.GetStartVersion, (delegate* unmanaged<nint, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetEndVersion, (delegate* unmanaged<nint, int>)&GetMaxVersion);

        nint domainName = Marshal.StringToCoTaskMemUTF8(Domain);
        nint domain;
        try
        {
            OrtCApi.ThrowIfError(OrtCApi.CreateCustomOpDomain(domainName, &domain), "create the " + Domain + " operator domain");
        }
        finally
        {
            Marshal.FreeCoTaskMem(domainName);
        }

        OrtCApi.ThrowIfError(OrtCApi.CustomOpDomainAdd(domain, (nint)op), "add the " + Name + " operator");
        return domain;
    }

    private static void Set(byte* op, int offset, void* function) => *(void**)(op + offset) = function;

    [UnmanagedCallersOnly]
    private static nint GetName(nint op) => s_name;

    [UnmanagedCallersOnly]
    private static nint GetProvider(nint op) => s_provider;

    [UnmanagedCallersOnly]
    private static int GetFloatType(nint op, nuint index) => OrtCApi.ElementFloat;

    [UnmanagedCallersOnly]
    private static nuint GetInputCount(nint op) => AllInputs;

    [UnmanagedCallersOnly]
    private static nuint GetOutputCount(nint op) => 1;

    // OrtCustomOpInputOutputCharacteristic: 0 required, 1 optional.
    [UnmanagedCallersOnly]
    private static int GetInputCharacteristic(nint op, nuint index) => index < RequiredInputs ? 0 : 1;

    [UnmanagedCallersOnly]
    private static int GetRequired(nint op, nuint index) => 0;

    // OrtMemTypeDefault: CPU memory of the provider.
    [UnmanagedCallersOnly]
    private static int GetDefaultMemory(nint op, nuint index) => 0;

    [UnmanagedCallersOnly]
    private static int GetOne(nint op) => 1;

    [UnmanagedCallersOnly]
    private static int GetMaxVersion(nint op) => int.MaxValue;

    [UnmanagedCallersOnly]
    private static nint CreateKernel(nint op, nint api, nint info, void** kernel)
    {
        *kernel = (void*)1; // stateless: everything comes from the inputs
        return 0;
    }

    // Y has X's shape. Declaring it lets ORT plan Y's buffer ahead like every other tensor's; without it the
    // output is allocated at run time and the surrounding convolutions lose their cache-friendly buffer reuse.
    [UnmanagedCallersOnly]
    private static nint InferOutputShape(nint op, nint context) => OrtCApi.CopyInputShapeToOutput(context, 0, 0);

    [UnmanagedCallersOnly]
    private static void DestroyKernel(void* kernel)
    {
    }

    [UnmanagedCallersOnly]
    private static void Work(void* job, nuint item) => DepthwiseGeluKernel.RunItem(*(DepthwiseGeluJob*)job, (long)item);

    [UnmanagedCallersOnly]
    private static nint Compute(void* kernel, nint context)
    {
        try
        {
            return ComputeCore(context);
        }
#pragma warning disable CA1031 // an exception must not cross into native code: it becomes ORT's error status
        catch (Exception e)
#pragma warning restore CA1031
        {
            return OrtCApi.CreateStatus(OrtCApi.ErrorFail, Name + ": " + e.Message);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint ComputeCore(nint context)
    {
        nuint inputCount;
        nint status = OrtCApi.KernelContextGetInputCount(context, &inputCount);
        if (status != 0)
        {
            return status;
        }

        Span<long> xDims = stackalloc long[4];
        Span<long> wDims = stackalloc long[4];
        Span<long> bDims = stackalloc long[4];
        Span<long> rDims = stackalloc long[4];
        nint x, w, b, r = 0;
        int xRank, wRank, bRank, rRank = 0;
        if ((status = Input(context, 0, &x, xDims, &xRank)) != 0
            || (status = Input(context, 1, &w, wDims, &wRank)) != 0
            || (status = Input(context, 2, &b, bDims, &bRank)) != 0
            || (inputCount > RequiredInputs && (status = Input(context, RequiredInputs, &r, rDims, &rRank)) != 0))
        {
            return status;
        }

        long block = wRank == 4 ? wDims[3] : 0;
        long channels = xRank == 4 ? xDims[1] : 0;
        if (xRank != 4 || wRank != 4 || wDims[1] != 3 || wDims[2] != 3 || !DepthwiseGeluKernel.Supports((int)block)
            || channels != wDims[0] * block || bRank != 1 || bDims[0] != channels
            || (r != 0 && (rRank != 4 || !rDims.SequenceEqual(xDims))))
        {
            return OrtCApi.CreateStatus(OrtCApi.ErrorInvalidArgument,
                $"{Name}: unsupported shapes X [{string.Join(',', xDims[..xRank].ToArray())}] W [{string.Join(',', wDims[..wRank].ToArray())}] " +
                $"(want X [N,C,H,W], W [C/B,3,3,B], B [C], R like X, block B of 8 (AVX2) or 16 (AVX-512) on this CPU)");
        }

        nint y;
        fixed (long* dims = xDims)
        {
            if ((status = OrtCApi.KernelContextGetOutput(context, 0, dims, 4, &y)) != 0)
            {
                return status;
            }
        }

        var job = new DepthwiseGeluJob
        {
            Batch = (int)xDims[0],
            ChannelBlocks = (int)wDims[0],
            Height = (int)xDims[2],
            Width = (int)xDims[3],
            Block = (int)block,
        };
        void* data;
        if ((status = OrtCApi.GetTensorMutableData(x, &data)) != 0)
        {
            return status;
        }

        job.Input = (float*)data;
        if ((status = OrtCApi.GetTensorMutableData(w, &data)) != 0)
        {
            return status;
        }

        job.Weights = (float*)data;
        if ((status = OrtCApi.GetTensorMutableData(b, &data)) != 0)
        {
            return status;
        }

        job.Bias = (float*)data;
        if (r != 0)
        {
            if ((status = OrtCApi.GetTensorMutableData(r, &data)) != 0)
            {
                return status;
            }

            job.Residual = (float*)data;
        }

        if ((status = OrtCApi.GetTensorMutableData(y, &data)) != 0)
        {
            return status;
        }

        job.Output = (float*)data;
        long items = DepthwiseGeluKernel.ItemCount(job);
        if (items == 0)
        {
            return 0;
        }

        return OrtCApi.KernelContextParallelFor(context, &Work, (nuint)items, 0, &job);
    }

    private static nint Input(nint context, int index, nint* value, Span<long> dims, int* rank)
    {
        nint status = OrtCApi.KernelContextGetInput(context, (nuint)index, value);
        if (status != 0 || *value == 0)
        {
            *rank = 0;
            return status;
        }

        int elementType;
        status = OrtCApi.GetShape(*value, &elementType, dims, rank);
        if (status == 0 && (elementType != OrtCApi.ElementFloat || *rank > dims.Length))
        {
            return OrtCApi.CreateStatus(OrtCApi.ErrorInvalidArgument, $"{Name}: input {index} must be a float tensor of rank 4 or less");
        }

        return status;
    }
}
