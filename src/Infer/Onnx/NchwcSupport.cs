using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// Finds the NCHWc block size ONNX Runtime's CPU provider uses on this machine (MLAS: 16 with AVX-512, 8 with
/// AVX2; none on other CPUs) by letting it optimise a one-convolution model and reading the padded weight.
/// </summary>
public static class NchwcSupport
{
    private static readonly Lazy<int> s_blockSize = new(Probe);

    /// <summary>The block size, or 0 when ORT does not use NCHWc here.</summary>
    public static int BlockSize => s_blockSize.Value;

    private static int Probe()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bsrn-nchwc-probe-{Environment.ProcessId}.onnx");
        try
        {
            var graph = new GraphProto { Name = "probe" };
            graph.Input.Add(Info("x", 3));
            graph.Output.Add(Info("y", 4));
            var weight = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(new byte[4 * 3 * 4]) };
            weight.Dims.AddRange([4, 3, 1, 1]);
            graph.Initializer.Add(weight);
            var node = new NodeProto { OpType = "Conv", Name = "conv" };
            node.Input.AddRange(["x", "w"]);
            node.Output.Add("y");
            graph.Node.Add(node);
            var model = new ModelProto { IrVersion = 8, Graph = graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = path })
            {
                options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
                using var session = new InferenceSession(model.ToByteArray(), options);
            }

            ModelProto optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            NodeProto? conv = optimized.Graph.Node.FirstOrDefault(n => n.OpType == "Conv" && n.Domain == "com.microsoft.nchwc");
            TensorProto? w = conv is null ? null : optimized.Graph.Initializer.FirstOrDefault(t => t.Name == conv.Input[1]);
            return w is null ? 0 : (int)w.Dims[0];
        }
        catch (Exception e) when (e is OnnxRuntimeException or IOException or InvalidProtocolBufferException)
        {
            return 0;
        }
        finally
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }

    private static ValueInfoProto Info(string name, int channels)
    {
        var shape = new TensorShapeProto();
        foreach (long d in new long[] { 1, channels, 8, 8 })
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
