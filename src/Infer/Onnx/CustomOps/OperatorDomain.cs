using System.Runtime.InteropServices;

namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// Builds the native <c>OrtCustomOp</c> descriptions of a set of <see cref="OperatorDefinition"/>s and an ORT
/// operator domain holding them. Each description is the C struct (version, then callbacks) followed by the
/// definition's index, which the shared static callbacks read to find their definition; the kernel handle ORT
/// passes to Compute is the description itself. Everything is allocated once per process and never freed:
/// every session created with the domain keeps pointers into it.
/// </summary>
internal static unsafe class OperatorDomain
{
    private const int IndexOffset = 256;
    private const int DescriptionSize = IndexOffset + sizeof(int);

    private static readonly List<(OperatorDefinition Definition, nint Name)> s_operators = [];
    private static readonly nint s_provider = Marshal.StringToCoTaskMemUTF8("CPUExecutionProvider");

    /// <summary>Creates the domain <paramref name="name"/> with <paramref name="definitions"/>; the result lives forever.</summary>
    public static nint Create(string name, IEnumerable<OperatorDefinition> definitions)
    {
        nint domainName = Marshal.StringToCoTaskMemUTF8(name);
        nint domain;
        try
        {
            OrtCApi.ThrowIfError(OrtCApi.CreateCustomOpDomain(domainName, &domain), "create the " + name + " operator domain");
        }
        finally
        {
            Marshal.FreeCoTaskMem(domainName);
        }

        foreach (OperatorDefinition definition in definitions)
        {
            OrtCApi.ThrowIfError(OrtCApi.CustomOpDomainAdd(domain, (nint)Describe(definition)), "add the " + definition.Name + " operator");
        }

        return domain;
    }

    private static byte* Describe(OperatorDefinition definition)
    {
        int index;
        lock (s_operators)
        {
            index = s_operators.Count;
            s_operators.Add((definition, Marshal.StringToCoTaskMemUTF8(definition.Name)));
        }

        byte* op = (byte*)NativeMemory.AllocZeroed(DescriptionSize);
        *(uint*)op = OrtCApi.Version;
        *(int*)(op + IndexOffset) = index;
        Set(op, OrtCustomOpFields.GetName, (delegate* unmanaged<byte*, nint>)&GetName);
        Set(op, OrtCustomOpFields.GetExecutionProviderType, (delegate* unmanaged<byte*, nint>)&GetProvider);
        Set(op, OrtCustomOpFields.GetInputType, (delegate* unmanaged<byte*, nuint, int>)&GetFloatType);
        Set(op, OrtCustomOpFields.GetInputTypeCount, (delegate* unmanaged<byte*, nuint>)&GetInputCount);
        Set(op, OrtCustomOpFields.GetOutputType, (delegate* unmanaged<byte*, nuint, int>)&GetFloatType);
        Set(op, OrtCustomOpFields.GetOutputTypeCount, (delegate* unmanaged<byte*, nuint>)&GetOutputCount);
        Set(op, OrtCustomOpFields.KernelDestroy, (delegate* unmanaged<void*, void>)&DestroyKernel);
        Set(op, OrtCustomOpFields.GetInputCharacteristic, (delegate* unmanaged<byte*, nuint, int>)&GetInputCharacteristic);
        Set(op, OrtCustomOpFields.GetOutputCharacteristic, (delegate* unmanaged<byte*, nuint, int>)&GetRequired);
        Set(op, OrtCustomOpFields.GetInputMemoryType, (delegate* unmanaged<byte*, nuint, int>)&GetDefaultMemory);
        Set(op, OrtCustomOpFields.GetVariadicInputMinArity, (delegate* unmanaged<byte*, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetVariadicInputHomogeneity, (delegate* unmanaged<byte*, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetVariadicOutputMinArity, (delegate* unmanaged<byte*, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetVariadicOutputHomogeneity, (delegate* unmanaged<byte*, int>)&GetOne);
        Set(op, OrtCustomOpFields.CreateKernelV2, (delegate* unmanaged<byte*, nint, nint, void**, nint>)&CreateKernel);
        Set(op, OrtCustomOpFields.KernelComputeV2, (delegate* unmanaged<byte*, nint, nint>)&Compute);
        Set(op, OrtCustomOpFields.InferOutputShapeFn, (delegate* unmanaged<byte*, nint, nint>)&InferOutputShapes);
        Set(op, OrtCustomOpFields.GetStartVersion, (delegate* unmanaged<byte*, int>)&GetOne);
        Set(op, OrtCustomOpFields.GetEndVersion, (delegate* unmanaged<byte*, int>)&GetMaxVersion);
        return op;
    }

    private static void Set(byte* op, int offset, void* function) => *(void**)(op + offset) = function;

    private static (OperatorDefinition Definition, nint Name) Of(byte* op)
    {
        lock (s_operators)
        {
            return s_operators[*(int*)(op + IndexOffset)];
        }
    }

    [UnmanagedCallersOnly]
    private static nint GetName(byte* op) => Of(op).Name;

    [UnmanagedCallersOnly]
    private static nint GetProvider(byte* op) => s_provider;

    [UnmanagedCallersOnly]
    private static int GetFloatType(byte* op, nuint index) => OrtCApi.ElementFloat;

    [UnmanagedCallersOnly]
    private static nuint GetInputCount(byte* op) => (nuint)Of(op).Definition.Inputs;

    [UnmanagedCallersOnly]
    private static nuint GetOutputCount(byte* op) => (nuint)Of(op).Definition.Outputs.Length;

    // OrtCustomOpInputOutputCharacteristic: 0 required, 1 optional.
    [UnmanagedCallersOnly]
    private static int GetInputCharacteristic(byte* op, nuint index) => index < (nuint)Of(op).Definition.RequiredInputs ? 0 : 1;

    [UnmanagedCallersOnly]
    private static int GetRequired(byte* op, nuint index) => 0;

    // OrtMemTypeDefault: CPU memory of the provider.
    [UnmanagedCallersOnly]
    private static int GetDefaultMemory(byte* op, nuint index) => 0;

    [UnmanagedCallersOnly]
    private static int GetOne(byte* op) => 1;

    [UnmanagedCallersOnly]
    private static int GetMaxVersion(byte* op) => int.MaxValue;

    [UnmanagedCallersOnly]
    private static nint CreateKernel(byte* op, nint api, nint info, void** kernel)
    {
        *kernel = op; // stateless kernels: everything comes from the inputs
        return 0;
    }

    [UnmanagedCallersOnly]
    private static void DestroyKernel(void* kernel)
    {
    }

    [UnmanagedCallersOnly]
    private static nint Compute(byte* kernel, nint context)
    {
        OperatorDefinition definition = Of(kernel).Definition;
        try
        {
            return definition.Compute(context);
        }
#pragma warning disable CA1031 // an exception must not cross into native code: it becomes ORT's error status
        catch (Exception e)
#pragma warning restore CA1031
        {
            return OrtCApi.CreateStatus(OrtCApi.ErrorFail, definition.Name + ": " + e.Message);
        }
    }

    // Declaring the output shapes lets ORT plan their buffers ahead like every other tensor's; without them the
    // outputs are allocated at run time and the surrounding convolutions lose their cache-friendly buffer reuse.
    [UnmanagedCallersOnly]
    private static nint InferOutputShapes(byte* op, nint context)
    {
        OutputShape[] outputs = Of(op).Definition.Outputs;
        for (int i = 0; i < outputs.Length; i++)
        {
            nint status = OrtCApi.DeclareOutputShape(context, 0, (nuint)i, perChannel: outputs[i] == OutputShape.PerChannel);
            if (status != 0)
            {
                return status;
            }
        }

        return 0;
    }
}
