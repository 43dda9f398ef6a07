using System.Diagnostics;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace BsrnVideo.Benchmarks;

/// <summary>
/// The machine's practical float32 peak through ORT: a dense 64->64 3x3 convolution (the best case for its
/// convolution kernels) on a 64-channel picture, in multiply-adds per second.
/// </summary>
internal static class PeakProbe
{
    public static double MeasureMultiplyAddsPerSecond(int threads, int height, int width, TimeSpan budget)
    {
        const int C = 64;
        var graph = new GraphProto { Name = "peak" };
        graph.Input.Add(Info("x", C, height, width));
        graph.Output.Add(Info("y", C, height, width));
        var weight = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        weight.Dims.AddRange([C, C, 3, 3]);
        var values = new float[C * C * 9];
        var random = new Random(1);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        weight.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        graph.Initializer.Add(weight);
        var node = new NodeProto { OpType = "Conv", Name = "conv" };
        node.Input.AddRange(["x", "w"]);
        node.Output.Add("y");
        node.Attribute.Add(new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } });
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });

        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var input = new float[C * height * width];
        var output = new float[C * height * width];
        using var x = OrtValue.CreateTensorValueFromMemory(input, [1, C, height, width]);
        using var y = OrtValue.CreateTensorValueFromMemory(output, [1, C, height, width]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("x", x);
        binding.BindOutput("y", y);
        using var run = new RunOptions();
        session.RunWithBinding(run, binding);
        session.RunWithBinding(run, binding);
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        while (total.Elapsed < budget)
        {
            long start = Stopwatch.GetTimestamp();
            session.RunWithBinding(run, binding);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return (double)C * C * 9 * height * width / best;
    }

    private static ValueInfoProto Info(string name, int c, int h, int w)
    {
        var shape = new TensorShapeProto();
        foreach (int d in new[] { 1, c, h, w })
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
