namespace BsrnVideo.Infer.Tiling;

/// <summary>
/// Linear feather along one axis of an output tile: weight rises from ~0 to 1 over <c>ramp</c> pixels on each side
/// that has a neighbour, and is 1 elsewhere. Arrays are cached per (length, sides) so tiling allocates once.
/// </summary>
internal sealed class FeatherWeights
{
    private readonly Dictionary<(int Length, bool Start, bool End), float[]> _cache = [];

    public FeatherWeights(int ramp) => Ramp = Math.Max(1, ramp);

    public int Ramp { get; }

    public float[] Get(int length, bool featherStart, bool featherEnd)
    {
        if (!_cache.TryGetValue((length, featherStart, featherEnd), out float[]? weights))
        {
            weights = new float[length];
            for (int i = 0; i < length; i++)
            {
                float w = 1f;
                if (featherStart)
                {
                    w = Math.Min(w, (i + 0.5f) / Ramp);
                }

                if (featherEnd)
                {
                    w = Math.Min(w, (length - i - 0.5f) / Ramp);
                }

                weights[i] = w;
            }

            _cache[(length, featherStart, featherEnd)] = weights;
        }

        return weights;
    }
}
