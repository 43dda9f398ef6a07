using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Onnx.CustomOps;
using Onnx;

namespace BsrnVideo.Infer.Graph;

/// <summary>
/// Writes BSRN directly in ONNX Runtime's blocked NCHWc form for its CPU provider (<c>com.microsoft.nchwc</c>
/// Conv/MaxPool/Reorder ops with pre-blocked weights). Unlike the portable graph after ORT's own NCHWc pass, the
/// feature maps stay blocked end to end: GELU, the ESA mask and the CCA scaling run on the blocked tensors
/// (elementwise, or through a 5-D reshape for per-channel statistics), residual adds and the split c5/c1 sums
/// are fused into the convolutions' Sum input. Only valid for ORT on a CPU with the same block size.
/// </summary>
internal sealed class BsrnNchwcGraphBuilder
{
    private const string Domain = "com.microsoft.nchwc";

    private readonly BsrnCheckpoint _checkpoint;
    private readonly BsrnArchitecture _arch;
    private readonly BsrnGraphOptions _options;
    private readonly OnnxGraphWriter _w;
    private readonly GraphProto _graph;
    private readonly int _block;
    private readonly string _one;
    private readonly string _half;
    private readonly string _sqrt2;
    private readonly bool _fused;

    private BsrnNchwcGraphBuilder(BsrnCheckpoint checkpoint, BsrnGraphOptions options, GraphProto graph)
    {
        _checkpoint = checkpoint;
        _arch = checkpoint.Architecture;
        _options = options;
        _graph = graph;
        _block = options.NchwcBlockSize;
        _w = new OnnxGraphWriter(graph, TensorProto.Types.DataType.Float);
        _one = _w.Scalar("one", 1f);
        _half = _w.Scalar("half", 0.5f);
        _sqrt2 = _w.Scalar("sqrt2", 1.41421356237f);
        _fused = options.FusedOperators && CustomOperators.IsAvailable(_block);
    }

    public static void Write(BsrnCheckpoint checkpoint, BsrnGraphOptions options, GraphProto graph, ModelProto model)
    {
        var builder = new BsrnNchwcGraphBuilder(checkpoint, options, graph);
        builder.WriteCore();
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = Domain, Version = 1 });
        if (builder._fused)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = CustomOperators.Domain, Version = 1 });
        }
    }

    private int P(int channels) => NchwcFilters.Pad(channels, _block);

    private void WriteCore()
    {
        int f = _arch.NumFeatures;
        int s = _arch.Scale;
        bool u8 = _options.IoUInt8;
        string x = BsrnGraphBuilder.InputName;
        if (u8)
        {
            x = _w.Op("Cast", "input_float", [x], ("to", (long)TensorProto.Types.DataType.Float));
            x = _w.Op("Transpose", "input_nchw", [x], ("perm", new long[] { 0, 3, 1, 2 }));
        }

        // fea_conv: the 4x repeat (and /255) folded into a 3-input pointwise conv that reads NCHW directly.
        const int Rgb = BsrnArchitecture.ColorChannels;
        ReadOnlySpan<float> pw = _checkpoint.Get("fea_conv.pw.weight");
        float scale = u8 ? 1f / 255f : 1f;
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

                folded[(o * Rgb) + c] = sum * scale;
            }
        }

        string feaPw = ConvNchwInput(x, "fea_conv.pw", folded, f, Rgb, OptionalBias("fea_conv.pw.bias"));
        string fea = Depthwise(feaPw, "fea_conv.dw", f, 1, 1, sum: null);

        var blocks = new string[_arch.NumBlocks];
        string b = fea;
        for (int i = 0; i < _arch.NumBlocks; i++)
        {
            b = Block(b, $"B{i + 1}.");
            blocks[i] = b;
        }

        string c1 = Gelu(SplitPointwise(blocks, Enumerable.Repeat(f, blocks.Length).ToArray(), "c1", f));
        string c2pw = Pointwise(c1, "c2.pw", f, f, OptionalBias("c2.pw.bias"));
        string lr = Depthwise(c2pw, "c2.dw", f, 1, 1, sum: fea);

        int up = Rgb * s * s;
        float outScale = u8 ? 255f : 1f;
        float[] upWeight = Scaled(_checkpoint.Get("upsampler.upsampleOneStep.0.weight"), outScale);
        float[] upBias = Scaled(_checkpoint.Get("upsampler.upsampleOneStep.0.bias"), outScale);
        if (u8)
        {
            // Output channel (c, i, j) of the pixel shuffle moved to position (i, j, c): the NHWC result is then
            // [N, H, W, s, s, 3] and the shuffle to [N, H, s, W, s, 3] moves runs of s*3 bytes instead of 3.
            (upWeight, upBias) = ShuffleOrder(upWeight, upBias, s, f * 9);
        }

        string y = NConv(lr, "upsampler", NchwcFilters.OihwBiBo(upWeight, up, f, 9, P(f), _block), [P(up), P(f), 3, 3],
            NchwcFilters.PadBias(upBias, _block), group: 1, stride: 1, pad: 1, sum: null);

        if (u8)
        {
            // Blocked -> NHWC [N, H, W, 3*s*s] in one reorder, then round to bytes and shuffle pixels.
            string nhwc = _w.Op("ReorderOutput", "up_nhwc", [y], ("channels", (long)up), ("channels_last", 1L));
            Domainize(nhwc);
            string v = _w.Op("Clip", "up_clip", [nhwc, _w.Scalar("zero", 0f), _w.Scalar("max255", 255f)]);
            v = _w.Op("Round", "up_round", [v]);
            v = _w.Op("Cast", "up_u8", [v], ("to", (long)TensorProto.Types.DataType.Uint8));
            string n = _w.Op("Shape", "n", [nhwc], ("start", 0L), ("end", 1L));
            string h = _w.Op("Shape", "h", [nhwc], ("start", 1L), ("end", 2L));
            string w = _w.Op("Shape", "w", [nhwc], ("start", 2L), ("end", 3L));
            string split = _w.Op("Concat", "shuffle_shape", [n, h, w, _w.Int64s("s_s_rgb", s, s, 3)], ("axis", 0L));
            v = _w.Op("Reshape", "shuffle_split", [v, split]);
            v = _w.Op("Transpose", "shuffle_nhwc", [v], ("perm", new long[] { 0, 1, 3, 2, 4, 5 }));
            string scaleArg = _w.Int64s("scale", s);
            string merged = _w.Op("Concat", "output_shape",
                [n, _w.Op("Mul", "out_h", [h, scaleArg]), _w.Op("Mul", "out_w", [w, scaleArg]), _w.Int64s("three", 3)], ("axis", 0L));
            _w.Op("Reshape", BsrnGraphBuilder.OutputName, [v, merged]);
        }
        else
        {
            string nchw = _w.Op("ReorderOutput", "up_nchw", [y], ("channels", (long)up));
            Domainize(nchw);
            _w.Op("DepthToSpace", BsrnGraphBuilder.OutputName, [nchw], ("blocksize", (long)s), ("mode", "CRD"));
        }
    }

    private string Block(string input, string p)
    {
        int f = _arch.NumFeatures;
        int dc = _arch.DistilledChannels;
        (string d1, string r1) = DistillStep(input, p + "c1");
        (string d2, string r2) = DistillStep(r1, p + "c2");
        (string d3, string r3) = DistillStep(r2, p + "c3");
        string c4pw = Pointwise(r3, p + "c4.pw", dc, f, OptionalBias(p + "c4.pw.bias"));
        string r4 = DepthwiseGelu(c4pw, p + "c4.dw", dc, sum: null);
        string c5 = SplitPointwise([d1, d2, d3, r4], [dc, dc, dc, dc], p + "c5", f);
        if (_arch.Variant == BsrnVariant.Bsrn && _fused)
        {
            return FusedAttentionTail(c5, EsaMask(c5, p + "esa."), input, p + "cca.");
        }

        string esa = _w.Op("Mul", p + "esa.out", [c5, EsaMask(c5, p + "esa.")]);
        if (_arch.Variant == BsrnVariant.BsrnS)
        {
            ReadOnlySpan<float> cw = _checkpoint.Get(p + "cw");
            float[] weight = _checkpoint.Get(p + "conv_out.weight").ToArray();
            for (int o = 0; o < f; o++)
            {
                for (int i = 0; i < f; i++)
                {
                    weight[(o * f) + i] *= cw[i];
                }
            }

            return NConv(esa, p + "conv_out", NchwcFilters.OihwBiBo(weight, f, f, 1, P(f), _block), [P(f), P(f), 1, 1],
                NchwcFilters.PadBias(_checkpoint.Get(p + "conv_out.bias"), _block), 1, 1, 0, sum: input);
        }

        return _w.Op("Add", p + "out", [Cca(esa, p + "cca."), input]);
    }

    private (string Distilled, string Remaining) DistillStep(string x, string name)
    {
        int f = _arch.NumFeatures;
        int dc = _arch.DistilledChannels;
        string distilled = Gelu(Pointwise(x, name + "_d", dc, f, _checkpoint.Get(name + "_d.bias").ToArray()));
        string pw = Pointwise(x, name + "_r.pw", f, f, OptionalBias(name + "_r.pw.bias"));
        string remaining = DepthwiseGelu(pw, name + "_r.dw", f, sum: x);
        return (distilled, remaining);
    }

    private string SplitPointwise(string[] parts, int[] channels, string name, int output)
    {
        int input = channels.Sum();
        ReadOnlySpan<float> weight = _checkpoint.Get(name + ".weight");
        string? sum = null;
        int offset = 0;
        for (int k = 0; k < parts.Length; k++)
        {
            var slice = new float[output * channels[k]];
            for (int o = 0; o < output; o++)
            {
                weight.Slice((o * input) + offset, channels[k]).CopyTo(slice.AsSpan(o * channels[k], channels[k]));
            }

            float[]? bias = k == 0 ? NchwcFilters.PadBias(_checkpoint.Get(name + ".bias"), _block) : null;
            sum = NConv(parts[k], $"{name}_part{k}", NchwcFilters.OihwBiBo(slice, output, channels[k], 1, P(channels[k]), _block),
                [P(output), P(channels[k]), 1, 1], bias, 1, 1, 0, sum);
            offset += channels[k];
        }

        return sum!;
    }

    /// <summary>ESA's sigmoid mask for <paramref name="x"/>; ESA's output is x times it.</summary>
    private string EsaMask(string x, string p)
    {
        int f = _arch.NumFeatures;
        int e = _arch.EsaChannels;
        string c1Pre = Pointwise(x, p + "conv1", e, f, _checkpoint.Get(p + "conv1.bias").ToArray());
        string c1;
        if (_arch.Variant == BsrnVariant.BsrnS)
        {
            c1 = NConv(c1Pre, p + "conv2", NchwcFilters.OihwBiBo(_checkpoint.Get(p + "conv2.weight"), e, e, 9, P(e), _block), [P(e), P(e), 3, 3],
                NchwcFilters.PadBias(_checkpoint.Get(p + "conv2.bias"), _block), 1, 2, 0, sum: null);
        }
        else
        {
            string pw = Pointwise(c1Pre, p + "conv2.pw", e, e, OptionalBias(p + "conv2.pw.bias"));
            c1 = Depthwise(pw, p + "conv2.dw", e, 2, 0, sum: null);
        }

        string pooled = _w.Op("MaxPool", p + "max", [c1], ("kernel_shape", new long[] { 7, 7 }), ("strides", new long[] { 3, 3 }));
        Domainize(pooled);
        string range = Gelu(SeparableSmall(pooled, p + "conv_max"));
        string c3 = Gelu(SeparableSmall(range, p + "conv3"));
        c3 = SeparableSmall(c3, p + "conv3_");

        // Bilinear upsampling on plain NCHW (a small tensor at 1/6 resolution), then back to blocks.
        string lowNchw = _w.Op("ReorderOutput", p + "low_nchw", [c3], ("channels", (long)P(e)));
        Domainize(lowNchw);
        string lowShape = _w.Op("Shape", p + "nc", [lowNchw], ("start", 0L), ("end", 2L));
        string highShape = _w.Op("Shape", p + "hw", [x], ("start", 2L), ("end", 4L));
        string sizes = _w.Op("Concat", p + "sizes", [lowShape, highShape], ("axis", 0L));
        string upNchw = _w.Op("Resize", p + "up", [lowNchw, "", "", sizes], ("mode", "linear"), ("coordinate_transformation_mode", "half_pixel"));
        string up = _w.Op("ReorderInput", p + "up_blocked", [upNchw]);
        Domainize(up);

        string cf = Pointwise(c1Pre, p + "conv_f", e, e, _checkpoint.Get(p + "conv_f.bias").ToArray(), sum: up);
        string mask = NConv(cf, p + "conv4", NchwcFilters.OihwBiBo(_checkpoint.Get(p + "conv4.weight"), f, e, 1, P(e), _block), [P(f), P(e), 1, 1],
            NchwcFilters.PadBias(_checkpoint.Get(p + "conv4.bias"), _block), 1, 1, 0, sum: null, activation: "Sigmoid");
        return mask;
    }

    /// <summary>
    /// ESA's product, CCA and the residual add through our two operators: per-channel moments of x * mask, then
    /// x * mask * attention + input in one pass.
    /// </summary>
    private string FusedAttentionTail(string x, string mask, string input, string p)
    {
        RequireWholeBlocks();
        string moments = _w.Op(AttentionTailOps.MomentsName(_block), p + "moments", [x, mask]);
        Domainize(moments, CustomOperators.Domain);
        NodeProto node = _graph.Node[^1];
        node.Output.Clear();
        string mean = _w.Unique(p + "mean");
        string meanSquare = _w.Unique(p + "mean_sq");
        node.Output.AddRange([mean, meanSquare]);
        string attention = CcaAttention(mean, meanSquare, p); // [N, F, 1, 1]
        string output = _w.Op(AttentionTailOps.ScaleAddName(_block), p + "out", [x, mask, attention, input]);
        Domainize(output, CustomOperators.Domain);
        return output;
    }

    /// <summary>CCA's statistics and scaling work on whole channel blocks.</summary>
    private void RequireWholeBlocks()
    {
        if (_arch.NumFeatures % _block != 0)
        {
            throw new InferenceException($"NCHWc graph: num_feat {_arch.NumFeatures} is not a multiple of the block size {_block}.");
        }
    }

    private string Cca(string x, string p)
    {
        int f = _arch.NumFeatures;
        RequireWholeBlocks();

        // [N, F, H, W] blocked == [N, F/B, H, W, B] row-major: per-channel statistics over axes 2 and 3.
        string blocked = _w.Op("Reshape", p + "x5", [x, _w.Int64s(p + "shape5", 0, f / _block, 0, 0, _block)]);
        long[] hw = [2, 3];
        // ReduceMean has a vectorised path for this reduce-middle-axes shape; ReduceSumSquare does not.
        string mean = _w.Op("ReduceMean", p + "mean", [blocked], ("axes", hw), ("keepdims", 1L));
        string meanSquare = _w.Op("ReduceMean", p + "mean_sq", [_w.Op("Mul", p + "sq", [blocked, blocked])], ("axes", hw), ("keepdims", 1L));
        string y5 = _w.Op("Reshape", p + "attention5", [CcaAttention(mean, meanSquare, p), _w.Int64s(p + "shape_a5", 0, f / _block, 1, 1, _block)]);
        string scaled = _w.Op("Mul", p + "scaled5", [blocked, y5]);
        return _w.Op("Reshape", p + "out", [scaled, _w.Int64s(p + "shape4", 0, f, 0, 0)]);
    }

    /// <summary>CCA's channel attention <c>[N, F, 1, 1]</c> from the per-channel mean and mean of squares (any layout of N x F values).</summary>
    private string CcaAttention(string mean, string meanSquare, string p)
    {
        int f = _arch.NumFeatures;
        int r = _arch.CcaChannels;
        string variance = _w.Op("Relu", p + "var", [_w.Op("Sub", p + "var_raw", [meanSquare, _w.Op("Mul", p + "mean2", [mean, mean])])]);
        string y = _w.Op("Add", p + "contrast", [_w.Op("Sqrt", p + "std", [variance]), mean]);
        y = _w.Op("Reshape", p + "contrast_nchw", [y, _w.Int64s(p + "shape_c", 0, f, 1, 1)]);
        y = _w.Op("Conv", p + "du0", [y, _w.Weight(p + "conv_du.0.weight", _checkpoint.Get(p + "conv_du.0.weight"), r, f, 1, 1),
            _w.Weight(p + "conv_du.0.bias", _checkpoint.Get(p + "conv_du.0.bias"), r)], ("kernel_shape", new long[] { 1, 1 }));
        y = _w.Op("Relu", p + "relu", [y]);
        y = _w.Op("Conv", p + "du2", [y, _w.Weight(p + "conv_du.2.weight", _checkpoint.Get(p + "conv_du.2.weight"), f, r, 1, 1),
            _w.Weight(p + "conv_du.2.bias", _checkpoint.Get(p + "conv_du.2.bias"), f)], ("kernel_shape", new long[] { 1, 1 }));
        return _w.Op("Sigmoid", p + "attention", [y]);
    }

    private string SeparableSmall(string x, string name)
    {
        int e = _arch.EsaChannels;
        string pw = Pointwise(x, name + ".pw", e, e, OptionalBias(name + ".pw.bias"));
        return Depthwise(pw, name + ".dw", e, 1, 1, sum: null);
    }

    private string Pointwise(string x, string name, int output, int input, float[]? bias, string? sum = null) =>
        NConv(x, name, NchwcFilters.OihwBiBo(_checkpoint.Get(name + ".weight"), output, input, 1, P(input), _block),
            [P(output), P(input), 1, 1], bias is null ? null : NchwcFilters.PadBias(bias, _block), 1, 1, 0, sum);

    private string Depthwise(string x, string name, int channels, int stride, int pad, string? sum)
    {
        int padded = P(channels);
        return NConv(x, name, NchwcFilters.OihwBo(_checkpoint.Get(name + ".weight"), channels, 1, 9, _block), [padded, 1, 3, 3],
            NchwcFilters.PadBias(_checkpoint.Get(name + ".bias"), _block), padded, stride, pad, sum);
    }

    /// <summary>GELU(depthwise 3x3 + bias [+ sum]), stride 1, pad 1: one fused operator or ORT's two.</summary>
    private string DepthwiseGelu(string x, string name, int channels, string? sum)
    {
        if (!_fused)
        {
            return Gelu(Depthwise(x, name, channels, 1, 1, sum));
        }

        int padded = P(channels);
        var inputs = new List<string>
        {
            x,
            _w.Weight(name + ".weight", NchwcFilters.OihwBo(_checkpoint.Get(name + ".weight"), channels, 1, 9, _block), padded / _block, 3, 3, _block),
            _w.Weight(name + ".bias", NchwcFilters.PadBias(_checkpoint.Get(name + ".bias"), _block), padded),
        };
        if (sum is not null)
        {
            inputs.Add(sum);
        }

        string output = _w.Op(DepthwiseGeluOp.Name, name + "_gelu", inputs);
        Domainize(output, CustomOperators.Domain);
        return output;
    }

    private string ConvNchwInput(string x, string name, float[] weight, int output, int input, float[]? bias) =>
        NConv(x, name, NchwcFilters.OihwBo(weight, output, input, 1, _block), [P(output), input, 1, 1],
            bias is null ? null : NchwcFilters.PadBias(bias, _block), 1, 1, 0, sum: null);

    private string NConv(string x, string name, float[] weight, long[] dims, float[]? bias, int group, int stride, int pad, string? sum,
        string? activation = null)
    {
        var inputs = new List<string> { x, _w.Weight(name + ".weight", weight, dims), bias is null ? "" : _w.Weight(name + ".bias", bias, dims[0]) };
        if (sum is not null)
        {
            inputs.Add(sum);
        }

        var attributes = new List<(string, object)>
        {
            ("kernel_shape", new[] { dims[2], dims[3] }),
            ("strides", new long[] { stride, stride }),
            ("pads", new long[] { pad, pad, pad, pad }),
            ("group", (long)group),
        };
        if (activation is not null)
        {
            attributes.Add(("activation", activation));
        }

        string output = _w.Op("Conv", name, inputs, [.. attributes]);
        Domainize(output);
        return output;
    }

    private float[]? OptionalBias(string name) => _checkpoint.Contains(name) ? _checkpoint.Get(name).ToArray() : null;

    private void Domainize(string nodeOutput, string domain = Domain)
    {
        for (int i = _graph.Node.Count - 1; i >= 0; i--)
        {
            if (_graph.Node[i].Output.Contains(nodeOutput))
            {
                _graph.Node[i].Domain = domain;
                return;
            }
        }
    }

    private string Gelu(string x)
    {
        string div = _w.Op("Div", x + "_gdiv", [x, _sqrt2]);
        string erf = _w.Op("Erf", x + "_gerf", [div]);
        string add = _w.Op("Add", x + "_gadd", [erf, _one]);
        string mul = _w.Op("Mul", x + "_gmul", [x, add]);
        return _w.Op("Mul", x + "_gelu", [mul, _half]);
    }

    private static (float[] Weight, float[] Bias) ShuffleOrder(float[] weight, float[] bias, int s, int perOutput)
    {
        var w = new float[weight.Length];
        var b = new float[bias.Length];
        for (int c = 0; c < 3; c++)
        {
            for (int ij = 0; ij < s * s; ij++)
            {
                int from = (c * s * s) + ij;
                int to = (ij * 3) + c;
                b[to] = bias[from];
                Array.Copy(weight, from * perOutput, w, to * perOutput, perOutput);
            }
        }

        return (w, b);
    }

    private static float[] Scaled(ReadOnlySpan<float> values, float factor)
    {
        float[] result = values.ToArray();
        for (int i = 0; i < result.Length; i++)
        {
            result[i] *= factor;
        }

        return result;
    }
}
