namespace BsrnVideo.Infer.Graph;

/// <summary>
/// Weight layouts of ONNX Runtime's NCHWc convolutions (MLAS on x86: block size 8 with AVX2, 16 with AVX-512),
/// the same transforms its NchwcTransformer applies: output channels padded to the block, filters reordered to
/// OIHWBiBo (blocked input) or OIHWBo (depthwise, or plain NCHW input with fewer channels than a block).
/// </summary>
internal static class NchwcFilters
{
    public static int Pad(int channels, int block) => (channels + block - 1) / block * block;

    /// <summary>OIHW [o, i, k] (k = kh*kw) to OIHWBiBo with <paramref name="paddedInput"/> input channels.</summary>
    public static float[] OihwBiBo(ReadOnlySpan<float> w, int outputs, int inputs, int kernel, int paddedInput, int block)
    {
        int paddedOutput = Pad(outputs, block);
        var d = new float[paddedOutput * paddedInput * kernel];
        int index = 0;
        for (int ob = 0; ob < paddedOutput; ob += block)
        {
            for (int ib = 0; ib < paddedInput; ib += block)
            {
                for (int k = 0; k < kernel; k++)
                {
                    for (int bi = 0; bi < block; bi++)
                    {
                        for (int bo = 0; bo < block; bo++)
                        {
                            int o = ob + bo;
                            int i = ib + bi;
                            d[index++] = o < outputs && i < inputs ? w[(((o * inputs) + i) * kernel) + k] : 0f;
                        }
                    }
                }
            }
        }

        return d;
    }

    /// <summary>OIHW [o, i, k] to OIHWBo (input channels unpadded).</summary>
    public static float[] OihwBo(ReadOnlySpan<float> w, int outputs, int inputs, int kernel, int block)
    {
        int paddedOutput = Pad(outputs, block);
        var d = new float[paddedOutput * inputs * kernel];
        int index = 0;
        for (int ob = 0; ob < paddedOutput; ob += block)
        {
            for (int i = 0; i < inputs; i++)
            {
                for (int k = 0; k < kernel; k++)
                {
                    for (int bo = 0; bo < block; bo++)
                    {
                        int o = ob + bo;
                        d[index++] = o < outputs ? w[(((o * inputs) + i) * kernel) + k] : 0f;
                    }
                }
            }
        }

        return d;
    }

    public static float[] PadBias(ReadOnlySpan<float> bias, int block)
    {
        var padded = new float[Pad(bias.Length, block)];
        bias.CopyTo(padded);
        return padded;
    }
}
