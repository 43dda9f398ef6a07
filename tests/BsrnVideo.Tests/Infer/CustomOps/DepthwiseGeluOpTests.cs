using BsrnVideo.Infer.Onnx;
using BsrnVideo.Infer.Onnx.CustomOps;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit;

namespace BsrnVideo.Tests.Infer.CustomOps;

/// <summary>The operator as ONNX Runtime runs it: registered on a real session, two intra-op threads.</summary>
public sealed class DepthwiseGeluOpTests
{
    private const int Height = 11;
    private const int Width = 7;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public unsafe void Session_WithTheOperator_GivesTheKernelsResult(bool residual)
    {
        int block = NchwcSupport.BlockSize;
        Assert.SkipUnless(CustomOperators.IsAvailable(block), "the fused operator does not run on this CPU");
        int channels = 2 * block;
        var random = new Random(7);
        float[] weights = Values(random, channels * 9);
        float[] bias = Values(random, channels);
        float[] input = Values(random, channels * Height * Width);
        float[] sum = Values(random, input.Length);

        float[] actual = RunSession(Model(weights, [channels / block, 3, 3, block], bias, residual), input, residual ? sum : null, channels);

        float[] expected = new float[input.Length];
        fixed (float* x = input, w = weights, b = bias, r = sum, y = expected)
        {
            DepthwiseGeluKernel.Run(new DepthwiseGeluJob
            {
                Input = x, Weights = w, Bias = b, Residual = residual ? r : null, Output = y,
                Shape = new(1, channels / block, Height, Width, block),
            });
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Session_WeightsOfTheWrongShape_FailsWithTheOperatorsMessage()
    {
        int block = NchwcSupport.BlockSize;
        Assert.SkipUnless(CustomOperators.IsAvailable(block), "the fused operator does not run on this CPU");
        int channels = 2 * block;
        var random = new Random(8);
        byte[] model = Model(Values(random, channels * 9), [channels / 4, 3, 3, 4], Values(random, channels), residual: false);

        var error = Assert.Throws<OnnxRuntimeException>(() => RunSession(model, Values(random, channels * Height * Width), null, channels));

        Assert.Contains("DepthwiseConv3x3Gelu: unsupported shapes", error.Message, StringComparison.Ordinal);
    }

    private static float[] RunSession(byte[] model, float[] input, float[]? sum, int channels)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        CustomOperators.AddTo(options);
        using var session = new InferenceSession(model, options);
        long[] shape = [1, channels, Height, Width];
        using var x = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var r = sum is null ? null : OrtValue.CreateTensorValueFromMemory(sum, shape);
        using var run = new RunOptions();
        string[] names = sum is null ? ["x"] : ["x", "r"];
        OrtValue[] values = sum is null ? [x] : [x, r!];
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, names, values, ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static byte[] Model(float[] weights, long[] weightShape, float[] bias, bool residual)
    {
        var graph = new GraphProto { Name = "depthwise-gelu" };
        graph.Input.Add(new ValueInfoProto { Name = "x", Type = FloatTensor() });
        if (residual)
        {
            graph.Input.Add(new ValueInfoProto { Name = "r", Type = FloatTensor() });
        }

        graph.Output.Add(new ValueInfoProto { Name = "y", Type = FloatTensor() });
        graph.Initializer.Add(Tensor("w", weights, weightShape));
        graph.Initializer.Add(Tensor("b", bias, [bias.Length]));
        var node = new NodeProto { OpType = DepthwiseGeluOp.Name, Domain = CustomOperators.Domain, Name = "fused" };
        node.Input.AddRange(residual ? ["x", "w", "b", "r"] : ["x", "w", "b"]);
        node.Output.Add("y");
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = CustomOperators.Domain, Version = 1 });
        return model.ToByteArray();
    }

    private static TypeProto FloatTensor() =>
        new() { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } };

    private static TensorProto Tensor(string name, float[] values, long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static float[] Values(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }
}
