using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace BsrnVideo.Infer.Graph;

/// <summary>
/// Appends nodes and initializers to an ONNX graph with unique names. Activations and weights use one element
/// type (<see cref="Compute"/>, float32 or float16); a few values are forced to float32 where precision needs it.
/// </summary>
internal sealed class OnnxGraphWriter
{
    private readonly GraphProto _graph;
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    public OnnxGraphWriter(GraphProto graph, TensorProto.Types.DataType compute)
    {
        _graph = graph;
        Compute = compute;
    }

    public TensorProto.Types.DataType Compute { get; }

    public bool IsHalf => Compute == TensorProto.Types.DataType.Float16;

    public long ParameterCount { get; private set; }

    /// <summary>A weight in the compute type; counted as a parameter.</summary>
    public string Weight(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        ParameterCount += values.Length;
        return Initializer(name, values, dims, Compute);
    }

    /// <summary>A weight kept in float32 whatever the compute type (tiny statistics paths); counted as a parameter.</summary>
    public string WeightFloat32(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        ParameterCount += values.Length;
        return Initializer(name, values, dims, TensorProto.Types.DataType.Float);
    }

    /// <summary>A scalar constant in the compute type.</summary>
    public string Scalar(string name, float value) => Initializer(name, [value], [], Compute);

    public string Scalar32(string name, float value) => Initializer(name, [value], [], TensorProto.Types.DataType.Float);

    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Op(string opType, string name, IEnumerable<string> inputs, params (string Name, object Value)[] attributes)
    {
        string output = Unique(name);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        foreach ((string attributeName, object value) in attributes)
        {
            node.Attribute.Add(Attribute(attributeName, value));
        }

        _graph.Node.Add(node);
        return output;
    }

    public string Unique(string name)
    {
        if (_names.TryGetValue(name, out int count))
        {
            _names[name] = count + 1;
            return $"{name}_{count + 1}";
        }

        _names[name] = 0;
        return name;
    }

    private string Initializer(string name, ReadOnlySpan<float> values, long[] dims, TensorProto.Types.DataType type)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)type };
        tensor.Dims.AddRange(dims);
        if (type == TensorProto.Types.DataType.Float16)
        {
            var half = new Half[values.Length];
            for (int i = 0; i < half.Length; i++)
            {
                half[i] = (Half)values[i];
            }

            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(half.AsSpan()));
        }
        else
        {
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        }

        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private static AttributeProto Attribute(string name, object value)
    {
        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case long l:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = l;
                break;
            case int i:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = i;
                break;
            case float f:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = f;
                break;
            case string s:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] ints:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(ints);
                break;
            default:
                throw new ArgumentException($"Unsupported attribute value {value.GetType().Name} for {name}.", nameof(value));
        }

        return attribute;
    }
}
