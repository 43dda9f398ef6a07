using System.Globalization;
using BsrnVideo.Infer.Checkpoints;
using Google.Protobuf;
using Onnx;

namespace BsrnVideo.Infer.Graph;

/// <summary>
/// Writes a BSRN or BSRN-S checkpoint as an ONNX graph (opset 17, weights as initializers, dynamic batch, height
/// and width) following the authors' <c>BSRN_arch.py</c> and <c>rfdnfinalB5_arch.py</c>.
/// </summary>
public sealed class BsrnGraphBuilder
{
    /// <summary>ONNX opset the graphs use.</summary>
    public const int Opset = 17;

    public const string InputName = "input";
    public const string OutputName = "output";

    /// <summary>Names of the symbolic dimensions (for ORT free-dimension overrides that specialise a session).</summary>
    public const string BatchDim = "batch";
    public const string HeightDim = "height";
    public const string WidthDim = "width";
    public const string OutHeightDim = "out_height";
    public const string OutWidthDim = "out_width";

    private const float Sqrt2 = 1.41421356237f;

    private readonly BsrnCheckpoint _checkpoint;
    private readonly BsrnArchitecture _arch;
    private readonly BsrnGraphOptions _options;
    private readonly OnnxGraphWriter _w;
    private readonly GraphProto _graph = new() { Name = "bsrn" };
    private readonly string _one;
    private readonly string _half;
    private readonly string _sqrt2;

    private BsrnGraphBuilder(BsrnCheckpoint checkpoint, BsrnGraphOptions options)
    {
        _checkpoint = checkpoint;
        _arch = checkpoint.Architecture;
        _options = options;
        _w = new OnnxGraphWriter(_graph, options.Fp16 ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float);
        _one = _w.Scalar("one", 1f);
        _half = _w.Scalar("half", 0.5f);
        _sqrt2 = _w.Scalar("sqrt2", Sqrt2);
    }

    /// <summary>Serialized ONNX model for <paramref name="checkpoint"/>.</summary>
    public static byte[] Build(BsrnCheckpoint checkpoint, BsrnGraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(options);
        return BuildModel(checkpoint, options).ToByteArray();
    }

    /// <summary>
    /// The key under which a graph built with <paramref name="options"/> is cached next to its checkpoint's hash:
    /// every option (a record, so its text lists them all) and the identity of this build of the builder (the
    /// module's MVID, which deterministic builds change exactly when the code does), so no upgrade reuses a graph
    /// an older builder wrote.
    /// </summary>
    public static string CacheKey(BsrnGraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Whether our fused operators run here decides what the NCHWc graph contains (see BsrnNchwcGraphBuilder).
        bool fused = options.NchwcBlockSize > 0 && options.FusedOperators && Onnx.CustomOps.CustomOperators.IsAvailable(options.NchwcBlockSize);
        return $"{typeof(BsrnGraphBuilder).Module.ModuleVersionId:N};{options};fused ops {fused}";
    }

    /// <summary>
    /// Reads a checkpoint and writes it as an .onnx file (through a <c>.partial</c> file moved into place at the end).
    /// Throws <see cref="InferenceException"/> for an unreadable checkpoint or an unwritable output.
    /// </summary>
    public static BsrnCheckpoint Export(string checkpointPath, string outputPath, BsrnGraphOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        BsrnCheckpoint checkpoint = BsrnCheckpoint.Load(checkpointPath);
        byte[] model = Build(checkpoint, options);
        string partial = outputPath + ".partial";
        try
        {
            File.WriteAllBytes(partial, model);
            File.Move(partial, outputPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new InferenceException($"{outputPath}: cannot write the ONNX model: {e.Message}", e);
        }

        return checkpoint;
    }

    internal static ModelProto BuildModel(BsrnCheckpoint checkpoint, BsrnGraphOptions options)
    {
        var builder = new BsrnGraphBuilder(checkpoint, options);
        return builder.BuildCore();
    }

    private ModelProto BuildCore()
    {
        int s = _arch.Scale;
        bool u8 = _options.IoUInt8;
        _graph.Input.Add(u8
            ? TensorInfo(InputName, TensorProto.Types.DataType.Uint8, BatchDim, HeightDim, WidthDim, 3)
            : TensorInfo(InputName, TensorProto.Types.DataType.Float, BatchDim, 3, HeightDim, WidthDim));
        _graph.Output.Add(u8
            ? TensorInfo(OutputName, TensorProto.Types.DataType.Uint8, BatchDim, OutHeightDim, OutWidthDim, 3)
            : TensorInfo(OutputName, TensorProto.Types.DataType.Float, BatchDim, 3, OutHeightDim, OutWidthDim));
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "BsrnVideo",
            ProducerVersion = "1",
            Graph = _graph,
            DocString = $"{_arch.DisplayName} from {Path.GetFileName(_checkpoint.Source)}",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        if (_options.NchwcBlockSize > 0)
        {
            if (_options.Fp16)
            {
                throw new InferenceException("The NCHWc graph is float32 only (it is for ONNX Runtime's CPU provider).");
            }

            _graph.Initializer.Clear(); // the portable builder's shared scalars are not used
            BsrnNchwcGraphBuilder.Write(_checkpoint, _options, _graph, model);
            AddAllMetadata(model, "fp32-nchwc" + _options.NchwcBlockSize);
            return model;
        }

        string x = InputName;
        if (u8)
        {
            x = _w.Op("Cast", "input_float", [x], ("to", (long)_w.Compute));
            x = _w.Op("Transpose", "input_nchw", [x], ("perm", new long[] { 0, 3, 1, 2 }));
        }
        else if (_w.IsHalf)
        {
            x = _w.Op("Cast", "input_half", [x], ("to", (long)_w.Compute));
        }

        string fea = FeatureConv(x, inputScale: u8 ? 1f / 255f : 1f);
        var blockOutputs = new List<string>(_arch.NumBlocks);
        string b = fea;
        for (int i = 1; i <= _arch.NumBlocks; i++)
        {
            b = Block(b, $"B{i}.");
            blockOutputs.Add(b);
        }

        string c1 = Gelu(ConcatPointwise([.. blockOutputs], Enumerable.Repeat(_arch.NumFeatures, _arch.NumBlocks).ToArray(), "c1", _arch.NumFeatures));
        string lr = _w.Op("Add", "out_lr", [Separable(c1, "c2", _arch.NumFeatures, _arch.NumFeatures), fea]);

        float outScale = u8 && _options.FoldConstants ? 255f : 1f;
        string up = Conv(lr, "upsampler.upsampleOneStep.0", Scaled(_checkpoint.Get("upsampler.upsampleOneStep.0.weight"), outScale),
            [BsrnArchitecture.ColorChannels * s * s, _arch.NumFeatures, 3, 3],
            Scaled(_checkpoint.Get("upsampler.upsampleOneStep.0.bias"), outScale), group: 1, stride: 1, pad: 1);

        if (u8)
        {
            WriteUInt8Output(up, applyScale: !_options.FoldConstants);
        }
        else
        {
            string y = _w.Op("DepthToSpace", _w.IsHalf ? "output_half" : OutputName, [up], ("blocksize", (long)s), ("mode", "CRD"));
            if (_w.IsHalf)
            {
                _w.Op("Cast", OutputName, [y], ("to", (long)TensorProto.Types.DataType.Float));
            }
        }

        AddAllMetadata(model, _w.IsHalf ? "fp16" : "fp32");
        return model;
    }

    private void AddAllMetadata(ModelProto model, string precision)
    {
        int s = _arch.Scale;
        bool u8 = _options.IoUInt8;
        AddMetadata(model, BsrnModelMetadata.Scale, s.ToString(CultureInfo.InvariantCulture));
        AddMetadata(model, BsrnModelMetadata.Variant, _arch.Variant == BsrnVariant.BsrnS ? "BSRN-S" : "BSRN");
        AddMetadata(model, BsrnModelMetadata.NumFeatures, _arch.NumFeatures.ToString(CultureInfo.InvariantCulture));
        AddMetadata(model, BsrnModelMetadata.NumBlocks, _arch.NumBlocks.ToString(CultureInfo.InvariantCulture));
        AddMetadata(model, BsrnModelMetadata.Io, u8 ? BsrnModelMetadata.IoUInt8Nhwc : BsrnModelMetadata.IoFloat32Nchw);
        AddMetadata(model, BsrnModelMetadata.Precision, precision);
        AddMetadata(model, BsrnModelMetadata.MinInputSize, BsrnArchitecture.MinInputSize.ToString(CultureInfo.InvariantCulture));
        AddMetadata(model, BsrnModelMetadata.ParameterCount, _checkpoint.ParameterCount.ToString(CultureInfo.InvariantCulture));
    }

    private void WriteUInt8Output(string up, bool applyScale)
    {
        int s = _arch.Scale;
        string y = up;
        if (_w.IsHalf)
        {
            y = _w.Op("Cast", "up_float", [y], ("to", (long)TensorProto.Types.DataType.Float));
        }

        if (applyScale)
        {
            y = _w.Op("Mul", "up_255", [y, _w.Scalar32("c255", 255f)]);
        }

        y = _w.Op("Clip", "up_clip", [y, _w.Scalar32("zero", 0f), _w.Scalar32("max255", 255f)]);
        y = _w.Op("Round", "up_round", [y]);
        y = _w.Op("Cast", "up_u8", [y], ("to", (long)TensorProto.Types.DataType.Uint8));

        // [N, 3*s*s, H, W] -> [N, 3, s, s, H, W] -> [N, H, s, W, s, 3] -> [N, sH, sW, 3]: DepthToSpace (CRD)
        // and the NCHW -> NHWC transpose in one permutation, on bytes.
        string n = _w.Op("Shape", "n", [up], ("start", 0L), ("end", 1L));
        string h = _w.Op("Shape", "h", [up], ("start", 2L), ("end", 3L));
        string w = _w.Op("Shape", "w", [up], ("start", 3L), ("end", 4L));
        string split = _w.Op("Concat", "shuffle_shape", [n, _w.Int64s("rgb_s_s", 3, s, s), h, w], ("axis", 0L));
        y = _w.Op("Reshape", "shuffle_split", [y, split]);
        y = _w.Op("Transpose", "shuffle_nhwc", [y], ("perm", new long[] { 0, 4, 2, 5, 3, 1 }));
        string scale = _w.Int64s("scale", s);
        string hs = _w.Op("Mul", "out_h", [h, scale]);
        string ws = _w.Op("Mul", "out_w", [w, scale]);
        string merged = _w.Op("Concat", "output_shape", [n, hs, ws, _w.Int64s("three", 3)], ("axis", 0L));
        _w.Op("Reshape", OutputName, [y, merged]);
    }

    private string FeatureConv(string x, float inputScale)
    {
        int f = _arch.NumFeatures;
        const int Rgb = BsrnArchitecture.ColorChannels;
        ReadOnlySpan<float> pw = _checkpoint.Get("fea_conv.pw.weight"); // [f, 12]: the input repeated 4x along channels
        float[]? bias = _checkpoint.Contains("fea_conv.pw.bias") ? _checkpoint.Get("fea_conv.pw.bias").ToArray() : null;
        string y;
        if (_options.FoldConstants)
        {
            var folded = new float[f * Rgb];
            for (int o = 0; o < f; o++)
            {
                for (int c = 0; c < Rgb; c++)
                {
                    float sum = 0;
                    for (int g = 0; g < 4; g++)
                    {
                        sum += pw[(o * Rgb * 4) + (g * Rgb) + c];
                    }

                    folded[(o * Rgb) + c] = sum * inputScale;
                }
            }

            y = Conv(x, "fea_conv.pw", folded, [f, Rgb, 1, 1], bias, 1, 1, 0);
        }
        else
        {
            if (inputScale != 1f)
            {
                x = _w.Op("Mul", "input_scaled", [x, _w.Scalar("inv255", inputScale)]);
            }

            string repeated = _w.Op("Concat", "input_x4", [x, x, x, x], ("axis", 1L));
            y = Conv(repeated, "fea_conv.pw", pw, [f, Rgb * 4, 1, 1], bias, 1, 1, 0);
        }

        return Depthwise(y, "fea_conv.dw", f, stride: 1, pad: 1);
    }

    private string Block(string input, string p)
    {
        int f = _arch.NumFeatures;
        int dc = _arch.DistilledChannels;
        (string d1, string r1) = DistillStep(input, p + "c1_d", p + "c1_r");
        (string d2, string r2) = DistillStep(r1, p + "c2_d", p + "c2_r");
        (string d3, string r3) = DistillStep(r2, p + "c3_d", p + "c3_r");
        string r4 = Gelu(Separable(r3, p + "c4", dc, f));
        string c5 = ConcatPointwise([d1, d2, d3, r4], [dc, dc, dc, dc], p + "c5", f);
        string fused = Esa(c5, p + "esa.");
        string output;
        if (_arch.Variant == BsrnVariant.BsrnS)
        {
            ReadOnlySpan<float> cw = _checkpoint.Get(p + "cw");
            if (_options.FoldConstants)
            {
                // conv_out(x * cw) = (W diag(cw)) x + b
                float[] weight = _checkpoint.Get(p + "conv_out.weight").ToArray();
                for (int o = 0; o < f; o++)
                {
                    for (int i = 0; i < f; i++)
                    {
                        weight[(o * f) + i] *= cw[i];
                    }
                }

                output = Conv(fused, p + "conv_out", weight, [f, f, 1, 1], _checkpoint.Get(p + "conv_out.bias").ToArray(), 1, 1, 0);
            }
            else
            {
                string scaled = _w.Op("Mul", p + "cw_mul", [fused, _w.Weight(p + "cw", cw, 1, f, 1, 1)]);
                output = Pointwise(scaled, p + "conv_out", f, f);
            }
        }
        else
        {
            output = Cca(fused, p + "cca.");
        }

        return _w.Op("Add", p + "out", [output, input]);
    }

    private (string Distilled, string Remaining) DistillStep(string x, string distill, string remain)
    {
        int f = _arch.NumFeatures;
        int dc = _arch.DistilledChannels;
        string distilled;
        string pw;
        if (_options.FuseSiblingPointwise)
        {
            // One 1x1 conv computes both [cN_d ; cN_r.pw] from the shared input, then a split.
            float[] weight = [.. _checkpoint.Get(distill + ".weight"), .. _checkpoint.Get(remain + ".pw.weight")];
            float[] bias = [.. _checkpoint.Get(distill + ".bias"),
                .. _checkpoint.Contains(remain + ".pw.bias") ? _checkpoint.Get(remain + ".pw.bias") : new float[f]];
            string both = Conv(x, distill + "+pw", weight, [dc + f, f, 1, 1], bias, 1, 1, 0);
            string splitName = _w.Unique(distill + "_split");
            distilled = splitName + "_d";
            pw = splitName + "_r";
            var node = new NodeProto { OpType = "Split", Name = splitName };
            node.Input.Add(both);
            node.Input.Add(_w.Int64s(splitName + "_sizes", dc, f));
            node.Output.Add(distilled);
            node.Output.Add(pw);
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            _graph.Node.Add(node);
        }
        else
        {
            distilled = Pointwise(x, distill, dc, f);
            pw = Pointwise(x, remain + ".pw", f, f);
        }

        string r = Depthwise(pw, remain + ".dw", f, stride: 1, pad: 1);
        string residual = x;
        if (_options.ResidualThroughIdentityConv)
        {
            var ones = new float[f];
            Array.Fill(ones, 1f);
            residual = Conv(x, remain + "_identity", ones, [f, 1, 1, 1], null, group: f, stride: 1, pad: 0);
        }

        string remaining = Gelu(_w.Op("Add", remain + "_res", [r, residual]));
        return (Gelu(distilled), remaining);
    }

    private string Esa(string x, string p)
    {
        int f = _arch.NumFeatures;
        int e = _arch.EsaChannels;
        string c1Pre = Pointwise(x, p + "conv1", e, f);
        string c1 = _arch.Variant == BsrnVariant.BsrnS
            ? Conv(c1Pre, p + "conv2", _checkpoint.Get(p + "conv2.weight"), [e, e, 3, 3], _checkpoint.Get(p + "conv2.bias").ToArray(), 1, 2, 0)
            : Separable(c1Pre, p + "conv2", e, e, stride: 2, pad: 0);
        string pooled = _w.Op("MaxPool", p + "max", [c1], ("kernel_shape", new long[] { 7, 7 }), ("strides", new long[] { 3, 3 }));
        string range = Gelu(Separable(pooled, p + "conv_max", e, e));
        string c3 = Gelu(Separable(range, p + "conv3", e, e));
        c3 = Separable(c3, p + "conv3_", e, e);
        string lowShape = _w.Op("Shape", p + "nc", [c3], ("start", 0L), ("end", 2L));
        string highShape = _w.Op("Shape", p + "hw", [x], ("start", 2L), ("end", 4L));
        string sizes = _w.Op("Concat", p + "sizes", [lowShape, highShape], ("axis", 0L));
        string up = _w.Op("Resize", p + "up", [c3, "", "", sizes],
            ("mode", "linear"), ("coordinate_transformation_mode", "half_pixel"));
        string cf = Pointwise(c1Pre, p + "conv_f", e, e);
        string c4 = Pointwise(_w.Op("Add", p + "c3_cf", [up, cf]), p + "conv4", f, e);
        string mask = _w.Op("Sigmoid", p + "mask", [c4]);
        return _w.Op("Mul", p + "out", [x, mask]);
    }

    private string Cca(string x, string p)
    {
        int f = _arch.NumFeatures;
        int r = _arch.CcaChannels;
        const long Float = (long)TensorProto.Types.DataType.Float;

        // Channel statistics over the whole picture, in float32 even in a float16 graph (squares overflow float16).
        string x32 = _w.IsHalf ? _w.Op("Cast", p + "x32", [x], ("to", Float)) : x;
        long[] hw = [2, 3];
        string mean = _w.Op("ReduceMean", p + "mean", [x32], ("axes", hw), ("keepdims", 1L));
        string variance;
        if (_options.SinglePassStatistics)
        {
            // E[x^2] - E[x]^2, clamped at 0 against rounding; the pixel count comes from the runtime shape.
            string sumSquares = _w.Op("ReduceSumSquare", p + "sumsq", [x32], ("axes", hw), ("keepdims", 1L));
            string count = _w.Op("Cast", p + "count", [_w.Op("ReduceProd", p + "pixels", [_w.Op("Shape", p + "shape_hw", [x32], ("start", 2L), ("end", 4L))], ("keepdims", 0L))],
                ("to", (long)TensorProto.Types.DataType.Float));
            string meanSquare = _w.Op("Div", p + "mean_sq", [sumSquares, count]);
            variance = _w.Op("Relu", p + "var", [_w.Op("Sub", p + "var_raw", [meanSquare, _w.Op("Mul", p + "mean2", [mean, mean])])]);
        }
        else
        {
            string centred = _w.Op("Sub", p + "centred", [x32, mean]);
            variance = _w.Op("ReduceMean", p + "var", [_w.Op("Mul", p + "sq", [centred, centred])], ("axes", hw), ("keepdims", 1L));
        }

        string y = _w.Op("Add", p + "contrast", [_w.Op("Sqrt", p + "std", [variance]), mean]);
        y = _w.Op("Conv", p + "du0", [y,
            _w.WeightFloat32(p + "conv_du.0.weight", _checkpoint.Get(p + "conv_du.0.weight"), r, f, 1, 1),
            _w.WeightFloat32(p + "conv_du.0.bias", _checkpoint.Get(p + "conv_du.0.bias"), r)],
            ("kernel_shape", new long[] { 1, 1 }));
        y = _w.Op("Relu", p + "relu", [y]);
        y = _w.Op("Conv", p + "du2", [y,
            _w.WeightFloat32(p + "conv_du.2.weight", _checkpoint.Get(p + "conv_du.2.weight"), f, r, 1, 1),
            _w.WeightFloat32(p + "conv_du.2.bias", _checkpoint.Get(p + "conv_du.2.bias"), f)],
            ("kernel_shape", new long[] { 1, 1 }));
        y = _w.Op("Sigmoid", p + "attention", [y]);
        if (_w.IsHalf)
        {
            y = _w.Op("Cast", p + "attention_half", [y], ("to", (long)_w.Compute));
        }

        return _w.Op("Mul", p + "out", [x, y]);
    }

    /// <summary>A 1x1 convolution of the channel concatenation of <paramref name="parts"/>.</summary>
    private string ConcatPointwise(string[] parts, int[] channels, string name, int output)
    {
        int input = channels.Sum();
        if (!_options.SplitConcatConvolutions)
        {
            string cat = _w.Op("Concat", name + "_cat", parts, ("axis", 1L));
            return Pointwise(cat, name, output, input);
        }

        // W [out, sum(c_k)] x concat(x_k) = sum_k W[:, range k] x_k: one conv per part, each added to the last.
        ReadOnlySpan<float> weight = _checkpoint.Get(name + ".weight");
        float[] bias = _checkpoint.Get(name + ".bias").ToArray();
        string? sum = null;
        int offset = 0;
        for (int k = 0; k < parts.Length; k++)
        {
            var slice = new float[output * channels[k]];
            for (int o = 0; o < output; o++)
            {
                weight.Slice((o * input) + offset, channels[k]).CopyTo(slice.AsSpan(o * channels[k], channels[k]));
            }

            string partial = Conv(parts[k], $"{name}_part{k}", slice, [output, channels[k], 1, 1], k == 0 ? bias : null, 1, 1, 0);
            sum = sum is null ? partial : _w.Op("Add", $"{name}_sum{k}", [partial, sum]);
            offset += channels[k];
        }

        return sum!;
    }

    private string Separable(string x, string name, int output, int input, int stride = 1, int pad = 1) =>
        Depthwise(Pointwise(x, name + ".pw", output, input), name + ".dw", output, stride, pad);

    private string Pointwise(string x, string name, int output, int input)
    {
        float[]? bias = _checkpoint.Contains(name + ".bias") ? _checkpoint.Get(name + ".bias").ToArray() : null;
        return Conv(x, name, _checkpoint.Get(name + ".weight"), [output, input, 1, 1], bias, 1, 1, 0);
    }

    private string Depthwise(string x, string name, int channels, int stride, int pad) =>
        Conv(x, name, _checkpoint.Get(name + ".weight"), [channels, 1, 3, 3], _checkpoint.Get(name + ".bias").ToArray(), channels, stride, pad);

    private string Conv(string x, string name, ReadOnlySpan<float> weight, long[] dims, float[]? bias, int group, int stride, int pad)
    {
        var inputs = new List<string> { x, _w.Weight(name + ".weight", weight, dims) };
        if (bias is not null)
        {
            inputs.Add(_w.Weight(name + ".bias", bias, dims[0]));
        }

        long k = dims[2];
        return _w.Op("Conv", name, inputs,
            ("kernel_shape", new[] { k, dims[3] }),
            ("strides", new long[] { stride, stride }),
            ("pads", new long[] { pad, pad, pad, pad }),
            ("group", (long)group));
    }

    private string Gelu(string x)
    {
        // Exact (erf) GELU, the pattern ONNX Runtime fuses into one Gelu kernel: x * 0.5 * (1 + erf(x / sqrt 2)).
        string div = _w.Op("Div", x + "_gdiv", [x, _sqrt2]);
        string erf = _w.Op("Erf", x + "_gerf", [div]);
        string add = _w.Op("Add", x + "_gadd", [erf, _one]);
        string mul = _w.Op("Mul", x + "_gmul", [x, add]);
        return _w.Op("Mul", x + "_gelu", [mul, _half]);
    }

    private static float[] Scaled(ReadOnlySpan<float> values, float factor)
    {
        float[] result = values.ToArray();
        if (factor != 1f)
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] *= factor;
            }
        }

        return result;
    }

    private static void AddMetadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    private static ValueInfoProto TensorInfo(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object d in dims)
        {
            shape.Dim.Add(d is string param
                ? new TensorShapeProto.Types.Dimension { DimParam = param }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
