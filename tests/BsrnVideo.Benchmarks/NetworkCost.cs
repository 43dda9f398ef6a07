using BsrnVideo.Infer.Checkpoints;

namespace BsrnVideo.Benchmarks;

/// <summary>
/// Multiply-adds of one BSRN forward pass on an H x W input, counting every convolution as the graph runs it
/// (the 4x input repeat folded into fea_conv, ESA's reduced-resolution branch at its real size). Elementwise work
/// (GELU, adds, sigmoid, CCA statistics, resize) is not counted.
/// </summary>
internal static class NetworkCost
{
    public static double MultiplyAdds(BsrnArchitecture a, int height, int width)
    {
        double full = (double)height * width;
        int f = a.NumFeatures;
        int dc = a.DistilledChannels;
        int e = a.EsaChannels;
        bool s = a.Variant == BsrnVariant.BsrnS;
        int h2 = ((height - 3) / 2) + 1;
        int w2 = ((width - 3) / 2) + 1;
        int h3 = ((h2 - 7) / 3) + 1;
        int w3 = ((w2 - 7) / 3) + 1;

        double perPixel = (3.0 * f) + (9.0 * f);                          // fea_conv (pw folded to 3 inputs) + dw
        double block = (3 * ((f * dc) + (f * f) + (9.0 * f)))             // c1..c3: distill 1x1, pw, dw
                       + ((f * dc) + (9.0 * dc))                          // c4
                       + (4.0 * dc * f)                                   // c5
                       + (f * e) + (e * e) + (e * f)                      // esa conv1, conv_f, conv4
                       + (s ? f * f : 0);                                 // conv_out (BSRN-S)
        double esaLow = s ? 9.0 * e * e * h2 * w2 : (e * e * full) + (9.0 * e * h2 * w2); // conv2
        esaLow += 3 * ((e * e) + (9.0 * e)) * h3 * w3;                   // conv_max, conv3, conv3_
        double cca = s ? 0 : 2.0 * f * a.CcaChannels;                    // per picture, negligible
        perPixel += a.NumBlocks * block;
        perPixel += (double)f * a.NumBlocks * f;                          // c1
        perPixel += (f * f) + (9.0 * f);                                  // c2
        perPixel += 9.0 * f * 3 * a.Scale * a.Scale;                      // upsampler
        return (perPixel * full) + (a.NumBlocks * (esaLow + cca));
    }
}
