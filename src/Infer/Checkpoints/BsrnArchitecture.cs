namespace BsrnVideo.Infer.Checkpoints;

/// <summary>The hyper-parameters of a BSRN network, as derived from a checkpoint's tensor names and shapes.</summary>
/// <param name="Variant">Network definition.</param>
/// <param name="NumFeatures">Feature channels (<c>num_feat</c>): 64 for BSRN, 48 for BSRN-S.</param>
/// <param name="NumBlocks">Number of ESDB blocks (<c>num_block</c>): 8 for BSRN, 5 for BSRN-S.</param>
/// <param name="Scale">Upscaling factor of the pixel-shuffle upsampler.</param>
public sealed record BsrnArchitecture(BsrnVariant Variant, int NumFeatures, int NumBlocks, int Scale)
{
    /// <summary>Input and output colour channels (RGB).</summary>
    public const int ColorChannels = 3;

    /// <summary>
    /// Smallest input height or width the network accepts: ESA's 3x3 stride-2 convolution without padding followed by
    /// a 7x7 stride-3 max pooling needs at least 15 pixels. Smaller frames or tiles are padded and cropped.
    /// </summary>
    public const int MinInputSize = 15;

    public int DistilledChannels => NumFeatures / 2;

    public int EsaChannels => NumFeatures / 4;

    public int CcaChannels => NumFeatures / 16;

    public string DisplayName => Variant == BsrnVariant.BsrnS ? $"BSRN-S x{Scale}" : $"BSRN x{Scale}";

    /// <summary>
    /// Every tensor the network needs, in the authors' <c>state_dict</c> order, with its shape.
    /// </summary>
    public IReadOnlyList<(string Name, int[] Shape)> ExpectedTensors()
    {
        int f = NumFeatures;
        int dc = DistilledChannels;
        int e = EsaChannels;
        bool s = Variant == BsrnVariant.BsrnS;
        var list = new List<(string, int[])>();

        void Pointwise(string name, int output, int input, bool bias)
        {
            list.Add((name + ".weight", s ? [output, input] : [output, input, 1, 1]));
            if (bias)
            {
                list.Add((name + ".bias", [output]));
            }
        }

        void Separable(string name, int input, int output)
        {
            Pointwise(name + ".pw", output, input, bias: s);
            list.Add((name + ".dw.weight", [output, 1, 3, 3]));
            list.Add((name + ".dw.bias", [output]));
        }

        Separable("fea_conv", ColorChannels * 4, f);
        for (int b = 1; b <= NumBlocks; b++)
        {
            string p = $"B{b}.";
            if (s)
            {
                list.Add((p + "cw", [1, f]));
            }

            Pointwise(p + "c1_d", dc, f, bias: true);
            Separable(p + "c1_r", f, f);
            Pointwise(p + "c2_d", dc, f, bias: true);
            Separable(p + "c2_r", f, f);
            Pointwise(p + "c3_d", dc, f, bias: true);
            Separable(p + "c3_r", f, f);
            Separable(p + "c4", f, dc);
            Pointwise(p + "c5", f, dc * 4, bias: true);
            Pointwise(p + "esa.conv1", e, f, bias: true);
            Pointwise(p + "esa.conv_f", e, e, bias: true);
            Separable(p + "esa.conv_max", e, e);
            if (s)
            {
                list.Add((p + "esa.conv2.weight", [e, e, 3, 3]));
                list.Add((p + "esa.conv2.bias", [e]));
            }
            else
            {
                Separable(p + "esa.conv2", e, e);
            }

            Separable(p + "esa.conv3", e, e);
            Separable(p + "esa.conv3_", e, e);
            Pointwise(p + "esa.conv4", f, e, bias: true);
            if (s)
            {
                Pointwise(p + "conv_out", f, f, bias: true);
            }
            else
            {
                list.Add((p + "cca.conv_du.0.weight", [CcaChannels, f, 1, 1]));
                list.Add((p + "cca.conv_du.0.bias", [CcaChannels]));
                list.Add((p + "cca.conv_du.2.weight", [f, CcaChannels, 1, 1]));
                list.Add((p + "cca.conv_du.2.bias", [f]));
            }
        }

        Pointwise("c1", f, f * NumBlocks, bias: true);
        Separable("c2", f, f);
        int up = ColorChannels * Scale * Scale;
        list.Add(("upsampler.upsampleOneStep.0.weight", [up, f, 3, 3]));
        list.Add(("upsampler.upsampleOneStep.0.bias", [up]));
        return list;
    }
}
