using System.Globalization;
using System.Text;
using BsrnVideo.Infer.Graph;
using Google.Protobuf;
using Onnx;

namespace BsrnVideo.Infer.Onnx;

/// <summary>What <c>bsrn-video model info FILE</c> prints about an .onnx model.</summary>
public sealed class ModelDescription
{
    private ModelDescription(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string Producer { get; private set; } = "";

    public long IrVersion { get; private set; }

    /// <summary>Version of the default ONNX operator set the model imports.</summary>
    public long Opset { get; private set; }

    public IReadOnlyList<ModelTensorDescription> Inputs { get; private set; } = [];

    public IReadOnlyList<ModelTensorDescription> Outputs { get; private set; } = [];

    /// <summary>Learned parameters: the checkpoint's count for our graphs, else the floating-point initializer elements.</summary>
    public long ParameterCount { get; private set; }

    /// <summary>Upscaling factor; null when it could not be determined.</summary>
    public int? Scale { get; private set; }

    /// <summary>Where <see cref="Scale"/> came from: metadata, static shapes or a probe run.</summary>
    public string ScaleSource { get; private set; } = "";

    public int NodeCount { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = new Dictionary<string, string>();

    /// <summary>
    /// Reads the model's protobuf; when the scale is neither in the metadata nor in static shapes and
    /// <paramref name="probe"/> is set, runs it once on a small input with ORT's CPU provider.
    /// </summary>
    public static ModelDescription Read(string path, bool probe = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"{path}: cannot read the model: {e.Message}", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InferenceException($"{path}: not an ONNX model (the protobuf does not parse: {e.Message}).", e);
        }

        if (model.Graph is null)
        {
            throw new InferenceException($"{path}: not an ONNX model (it has no graph).");
        }

        var description = new ModelDescription(path)
        {
            Producer = string.IsNullOrEmpty(model.ProducerVersion) ? model.ProducerName : $"{model.ProducerName} {model.ProducerVersion}",
            IrVersion = model.IrVersion,
            Opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max(),
            NodeCount = model.Graph.Node.Count,
            Metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
        var initializers = new HashSet<string>(model.Graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        description.Inputs = model.Graph.Input.Where(i => !initializers.Contains(i.Name)).Select(Describe).ToList();
        description.Outputs = model.Graph.Output.Select(Describe).ToList();
        description.ParameterCount = description.Metadata.TryGetValue(BsrnModelMetadata.ParameterCount, out string? p)
            ? long.Parse(p, CultureInfo.InvariantCulture)
            : model.Graph.Initializer
                .Where(t => (TensorProto.Types.DataType)t.DataType is TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Float16
                    or TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Bfloat16)
                .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
        description.FindScale(probe);
        return description;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"model:      {Path}");
        if (Metadata.TryGetValue(BsrnModelMetadata.Variant, out string? variant))
        {
            Metadata.TryGetValue(BsrnModelMetadata.NumFeatures, out string? f);
            Metadata.TryGetValue(BsrnModelMetadata.NumBlocks, out string? b);
            Metadata.TryGetValue(BsrnModelMetadata.Precision, out string? precision);
            text.AppendLine(CultureInfo.InvariantCulture, $"network:    {variant}, num_feat {f}, {b} blocks, {precision}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"scale:      {(Scale is int s ? $"x{s} ({ScaleSource})" : "unknown")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"parameters: {ParameterCount:N0}");
        foreach (ModelTensorDescription input in Inputs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"input:      {input}");
        }

        foreach (ModelTensorDescription output in Outputs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"output:     {output}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"opset:      {Opset} (IR version {IrVersion}), {NodeCount} nodes");
        text.Append(CultureInfo.InvariantCulture, $"producer:   {(Producer.Length == 0 ? "unknown" : Producer)}");
        return text.ToString();
    }

    private void FindScale(bool probe)
    {
        if (Metadata.TryGetValue(BsrnModelMetadata.Scale, out string? s) && int.TryParse(s, CultureInfo.InvariantCulture, out int fromMetadata))
        {
            Scale = fromMetadata;
            ScaleSource = "metadata";
            return;
        }

        if (Inputs.Count == 1 && Outputs.Count == 1 && Inputs[0].Shape.Count == 4 && Outputs[0].Shape.Count == 4
            && long.TryParse(Inputs[0].Shape[2], CultureInfo.InvariantCulture, out long inH)
            && long.TryParse(Outputs[0].Shape[2], CultureInfo.InvariantCulture, out long outH)
            && inH > 0 && outH % inH == 0)
        {
            Scale = (int)(outH / inH);
            ScaleSource = "static shapes";
            return;
        }

        if (probe && Inputs.Count == 1 && Outputs.Count == 1)
        {
            try
            {
                using OnnxUpscaler upscaler = OnnxUpscaler.FromFile(Path, new OnnxUpscalerOptions { Device = "cpu", IntraOpThreads = 1 });
                Scale = upscaler.Scale;
                ScaleSource = "probe run";
            }
            catch (InferenceException e)
            {
                ScaleSource = e.Message;
            }
        }
    }

    private static ModelTensorDescription Describe(ValueInfoProto value)
    {
        TypeProto.Types.Tensor? tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            return new ModelTensorDescription(value.Name, "non-tensor", []);
        }

        string type = ((TensorProto.Types.DataType)tensor.ElemType).ToString().ToLowerInvariant() switch
        {
            "float" => "float32",
            var t => t,
        };
        var shape = tensor.Shape?.Dim.Select(d => d.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => d.DimValue.ToString(CultureInfo.InvariantCulture),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => d.DimParam,
            _ => "?",
        }).ToList() ?? [];
        return new ModelTensorDescription(value.Name, type, shape);
    }
}
