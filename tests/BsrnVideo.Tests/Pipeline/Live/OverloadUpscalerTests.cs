using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline.Live;

namespace BsrnVideo.Tests.Pipeline.Live;

public sealed class OverloadUpscalerTests
{
    [Fact]
    public void Upscale_WhileBehind_UsesTheBicubicFallbackAndCountsIt()
    {
        bool behind = false;
        using var model = new BicubicUpscaler(2);
        using var upscaler = new OverloadUpscaler(model, () => behind);
        var inputs = new FramePool(16, 8);
        var outputs = new FramePool(32, 16);
        using RgbFrame input = inputs.Rent();
        using RgbFrame output = outputs.Rent();
        input.Pts = 42;

        upscaler.Upscale([input], [output], TestContext.Current.CancellationToken);
        Assert.Equal(0, upscaler.FallbackFrames);

        behind = true;
        upscaler.Upscale([input], [output], TestContext.Current.CancellationToken);
        Assert.Equal(1, upscaler.FallbackFrames);
        Assert.Equal(42, output.Pts);
        Assert.Equal(model.Scale, upscaler.Scale);
    }
}
