namespace BsrnVideo.Infer.Quality;

/// <summary>
/// The SSIM window: 11 taps, sigma 1.5, normalised to sum 1 (OpenCV's <c>getGaussianKernel(11, 1.5)</c>);
/// the 2-D window is its outer product, so filtering is done as two 1-D passes.
/// </summary>
internal static class GaussianWindow
{
    public const int Size = 11;

    public const int Radius = Size / 2;

    public const double Sigma = 1.5;

    public static ReadOnlySpan<double> Taps => s_taps;

    private static readonly double[] s_taps = CreateTaps();

    private static double[] CreateTaps()
    {
        var taps = new double[Size];
        double sum = 0;
        for (int i = 0; i < Size; i++)
        {
            double d = i - Radius;
            taps[i] = Math.Exp(-(d * d) / (2 * Sigma * Sigma));
            sum += taps[i];
        }

        for (int i = 0; i < Size; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }
}
