namespace BsrnVideo.Infer.Checkpoints;

/// <summary>
/// A BSRN or BSRN-S checkpoint: its tensors, checked against the network they must describe, and the
/// hyper-parameters derived from their names and shapes (so a user's own training run loads too).
/// </summary>
public sealed class BsrnCheckpoint
{
    private readonly Dictionary<string, CheckpointTensor> _tensors;

    private BsrnCheckpoint(string source, BsrnArchitecture architecture, Dictionary<string, CheckpointTensor> tensors)
    {
        Source = source;
        Architecture = architecture;
        _tensors = tensors;
        ParameterCount = tensors.Values.Sum(t => (long)t.ElementCount);
    }

    /// <summary>File the checkpoint came from (for messages).</summary>
    public string Source { get; }

    public BsrnArchitecture Architecture { get; }

    /// <summary>Number of learned parameters: 352,400 for the authors' BSRN x4, 156,288 for BSRN-S.</summary>
    public long ParameterCount { get; }

    public IReadOnlyCollection<CheckpointTensor> Tensors => _tensors.Values;

    /// <summary>Reads a PyTorch zip checkpoint or a .safetensors file; throws <see cref="InferenceException"/>.</summary>
    public static BsrnCheckpoint Load(string path) => FromTensors(StateDictReader.Read(path), path);

    /// <summary>Checks a state dict against the BSRN definitions and derives its hyper-parameters.</summary>
    public static BsrnCheckpoint FromTensors(IReadOnlyList<CheckpointTensor> tensors, string source)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var byName = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (CheckpointTensor t in tensors)
        {
            byName[t.Name] = t;
        }

        BsrnArchitecture architecture = Derive(byName, tensors, source);
        var expected = architecture.ExpectedTensors();
        var expectedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, int[] shape) in expected)
        {
            expectedNames.Add(name);
            if (!byName.TryGetValue(name, out CheckpointTensor? tensor))
            {
                throw NotBsrn(source, architecture, $"tensor {name} {CheckpointTensor.FormatShape(shape)} is missing");
            }

            if (!tensor.Shape.SequenceEqual(shape))
            {
                throw NotBsrn(source, architecture,
                    $"tensor {name} has shape {tensor.ShapeText}, expected {CheckpointTensor.FormatShape(shape)}");
            }
        }

        CheckpointTensor? extra = tensors.FirstOrDefault(t => !expectedNames.Contains(t.Name));
        if (extra is not null)
        {
            throw NotBsrn(source, architecture, $"unexpected tensor {extra.Name} {extra.ShapeText}");
        }

        return new BsrnCheckpoint(source, architecture, byName);
    }

    /// <summary>The tensor's data; the name must be one of <see cref="BsrnArchitecture.ExpectedTensors"/>.</summary>
    public ReadOnlySpan<float> Get(string name) =>
        _tensors.TryGetValue(name, out CheckpointTensor? t)
            ? t.Data
            : throw new InferenceException($"{Source}: tensor {name} is missing from the checkpoint.");

    public bool Contains(string name) => _tensors.ContainsKey(name);

    private static BsrnArchitecture Derive(Dictionary<string, CheckpointTensor> byName, IReadOnlyList<CheckpointTensor> tensors, string source)
    {
        const string Head = "fea_conv.pw.weight";
        if (!byName.TryGetValue(Head, out CheckpointTensor? head))
        {
            CheckpointTensor first = tensors[0];
            throw new InferenceException(
                $"{source}: not a BSRN checkpoint: its first tensor is {first.Name} {first.ShapeText}, " +
                $"and the tensor {Head} that every BSRN network starts with is missing.");
        }

        bool linear = head.Shape.Count == 2;
        bool conv = head.Shape.Count == 4 && head.Shape[2] == 1 && head.Shape[3] == 1;
        if ((!linear && !conv) || head.Shape[1] != BsrnArchitecture.ColorChannels * 4)
        {
            throw new InferenceException(
                $"{source}: not a BSRN checkpoint: tensor {Head} has shape {head.ShapeText}, expected (num_feat, 12, 1, 1) or (num_feat, 12).");
        }

        int features = head.Shape[0];
        if (features < 16 || features % 4 != 0)
        {
            throw new InferenceException($"{source}: not a BSRN checkpoint: num_feat {features} (from {Head}) must be a multiple of 4 and at least 16.");
        }

        int blocks = 0;
        while (byName.ContainsKey($"B{blocks + 1}.c1_d.weight"))
        {
            blocks++;
        }

        if (blocks == 0)
        {
            throw new InferenceException($"{source}: not a BSRN checkpoint: it has no ESDB blocks (tensor B1.c1_d.weight is missing).");
        }

        const string Up = "upsampler.upsampleOneStep.0.weight";
        if (!byName.TryGetValue(Up, out CheckpointTensor? up) || up.Shape.Count != 4)
        {
            throw new InferenceException(
                $"{source}: not a BSRN checkpoint with a pixel-shuffle upsampler: tensor {Up} (3*scale*scale, num_feat, 3, 3) is missing.");
        }

        int scale = (int)Math.Round(Math.Sqrt(up.Shape[0] / (double)BsrnArchitecture.ColorChannels));
        if (scale < 1 || BsrnArchitecture.ColorChannels * scale * scale != up.Shape[0])
        {
            throw new InferenceException(
                $"{source}: not a BSRN checkpoint: tensor {Up} has {up.Shape[0]} output channels, which is not 3 * scale * scale.");
        }

        return new BsrnArchitecture(linear ? BsrnVariant.BsrnS : BsrnVariant.Bsrn, features, blocks, scale);
    }

    private static InferenceException NotBsrn(string source, BsrnArchitecture architecture, string problem) =>
        new($"{source}: not a {architecture.DisplayName} checkpoint " +
            $"(num_feat {architecture.NumFeatures}, {architecture.NumBlocks} blocks, derived from its first tensors): {problem}.");
}
