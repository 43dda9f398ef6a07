using System.Globalization;
using BsrnVideo.Infer.Graph;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// How to feed a model: our BSRN graphs take uint8 NHWC (or float NCHW); a foreign SR model must take one float
/// NCHW RGB input and give one float NCHW output, scale read from metadata, static shapes or a probe run.
/// </summary>
internal sealed record ModelSignature(
    string InputName,
    string OutputName,
    bool UInt8Nhwc,
    int Scale,
    int MinInputSize,
    int FixedBatch,
    int FixedHeight,
    int FixedWidth,
    bool IsBsrnGraph)
{
    public static ModelSignature Read(InferenceSession session, string label)
    {
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            throw new InferenceException(
                $"{label}: a super-resolution model must have one input and one output; this one has {session.InputMetadata.Count} and {session.OutputMetadata.Count}.");
        }

        (string inputName, NodeMetadata input) = session.InputMetadata.First();
        (string outputName, NodeMetadata output) = session.OutputMetadata.First();
        int[] inDims = input.Dimensions;
        int[] outDims = output.Dimensions;
        bool u8 = input.ElementDataType == TensorElementType.UInt8;
        if (inDims.Length != 4 || outDims.Length != 4)
        {
            throw new InferenceException($"{label}: expected 4-D image tensors, got input [{Dims(inDims)}] and output [{Dims(outDims)}].");
        }

        if (u8)
        {
            if (output.ElementDataType != TensorElementType.UInt8 || inDims[3] != 3)
            {
                throw new InferenceException($"{label}: a uint8 model must map uint8 [N,H,W,3] to uint8 [N,sH,sW,3].");
            }
        }
        else if (input.ElementDataType != TensorElementType.Float || output.ElementDataType != TensorElementType.Float
                 || (inDims[1] != 3 && inDims[1] > 0) || (outDims[1] != 3 && outDims[1] > 0))
        {
            throw new InferenceException(
                $"{label}: unsupported model signature: input {input.ElementDataType} [{Dims(inDims)}], output {output.ElementDataType} [{Dims(outDims)}]. " +
                "Expected one float32 NCHW RGB input [N,3,H,W] in [0,1] and one float32 NCHW output [N,3,sH,sW].");
        }

        int hAxis = u8 ? 1 : 2;
        int wAxis = u8 ? 2 : 3;
        Dictionary<string, string> meta = session.ModelMetadata.CustomMetadataMap;
        int minSize = meta.TryGetValue(BsrnModelMetadata.MinInputSize, out string? m) ? int.Parse(m, CultureInfo.InvariantCulture) : 1;
        int scale;
        if (meta.TryGetValue(BsrnModelMetadata.Scale, out string? s))
        {
            scale = int.Parse(s, CultureInfo.InvariantCulture);
        }
        else if (inDims[hAxis] > 0 && outDims[hAxis] > 0 && outDims[hAxis] % inDims[hAxis] == 0)
        {
            scale = outDims[hAxis] / inDims[hAxis];
        }
        else
        {
            scale = Probe(session, inputName, inDims, label);
        }

        if (scale < 1 || scale > 16)
        {
            throw new InferenceException($"{label}: implausible upscaling factor {scale}.");
        }

        return new ModelSignature(inputName, outputName, u8, scale, Math.Max(1, minSize),
            Math.Max(0, inDims[0]), Math.Max(0, inDims[hAxis]), Math.Max(0, inDims[wAxis]), meta.ContainsKey(BsrnModelMetadata.Io));
    }

    private static int Probe(InferenceSession session, string inputName, int[] dims, string label)
    {
        int h = dims[2] > 0 ? dims[2] : 32;
        int w = dims[3] > 0 ? dims[3] : 32;
        long[] shape = [1, 3, h, w];
        try
        {
            using var value = OrtValue.CreateTensorValueFromMemory(new float[3 * h * w], shape);
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [inputName], [value], session.OutputNames);
            long[] outShape = results[0].GetTensorTypeAndShape().Shape;
            return outShape.Length == 4 && outShape[2] % h == 0 && outShape[2] / h == outShape[3] / w
                ? (int)(outShape[2] / h)
                : throw new InferenceException($"{label}: a probe run of {w}x{h} gave an output of [{string.Join(',', outShape)}], not a whole-number upscale.");
        }
        catch (OnnxRuntimeException e)
        {
            throw new InferenceException($"{label}: cannot determine the upscaling factor: a probe run of {w}x{h} failed: {OrtSessionFactory.FirstLine(e.Message)}", e);
        }
    }

    private static string Dims(int[] dims) => string.Join(',', dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)));
}
