using System.Collections;
using System.IO.Compression;
using Razorvine.Pickle;

namespace BsrnVideo.Infer.Checkpoints;

/// <summary>
/// Loads the state dict of a checkpoint file, whatever its container: a PyTorch zip checkpoint (the dict may sit
/// under <c>params_ema</c>, <c>params</c>, <c>state_dict</c> or at the top) or a <c>.safetensors</c> file.
/// A DataParallel <c>module.</c> prefix is dropped. Every failure becomes an <see cref="InferenceException"/>.
/// </summary>
public static class StateDictReader
{
    private static readonly string[] s_containerKeys = ["params_ema", "params", "state_dict", "model"];

    /// <summary>The tensors in file order.</summary>
    public static IReadOnlyList<CheckpointTensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InferenceException($"{path}: checkpoint file not found.");
        }

        try
        {
            byte[] head = new byte[16];
            int headLength;
            using (FileStream stream = File.OpenRead(path))
            {
                headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            List<CheckpointTensor> tensors;
            if (headLength >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K')
            {
                tensors = ReadTorchZip(path);
            }
            else if (SafetensorsReader.LooksLikeSafetensors(head.AsSpan(0, headLength)))
            {
                tensors = SafetensorsReader.Read(path);
            }
            else
            {
                throw new InferenceException(
                    $"{path}: not a checkpoint this program reads (expected a PyTorch zip checkpoint saved by torch.save " +
                    "since PyTorch 1.6, or a .safetensors file). Legacy pickle-only .pth files can be re-saved with a current PyTorch.");
            }

            if (tensors.Count == 0)
            {
                throw new InferenceException($"{path}: the checkpoint holds no tensors.");
            }

            return tensors.Select(StripModulePrefix).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or PickleException or EndOfStreamException or IOException
                                      or InvalidCastException or System.Text.Json.JsonException or OverflowException
                                      or FormatException or KeyNotFoundException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InferenceException($"{path}: cannot read the checkpoint: {e.Message}", e);
        }
    }

    private static List<CheckpointTensor> ReadTorchZip(string path)
    {
        object? root = TorchCheckpointReader.ReadRoot(path, out Func<TensorRecord, string, CheckpointTensor> materialize);
        IDictionary stateDict = FindStateDict(root)
            ?? throw new InvalidDataException("no state dict (a dict of tensors) found at the top or under " + string.Join(", ", s_containerKeys));
        var tensors = new List<CheckpointTensor>(stateDict.Count);
        IEnumerable keys = stateDict is OrderedHashtable ordered ? ordered.OrderedKeys : stateDict.Keys;
        foreach (object key in keys)
        {
            if (stateDict[key] is TensorRecord record && key is string name)
            {
                tensors.Add(materialize(record, name));
            }
        }

        return tensors;
    }

    private static IDictionary? FindStateDict(object? root)
    {
        if (root is not IDictionary dictionary)
        {
            return null;
        }

        foreach (string key in s_containerKeys)
        {
            if (dictionary.Contains(key) && dictionary[key] is IDictionary inner && ContainsTensors(inner))
            {
                return inner;
            }
        }

        return ContainsTensors(dictionary) ? dictionary : null;
    }

    private static bool ContainsTensors(IDictionary dictionary)
    {
        foreach (object? value in dictionary.Values)
        {
            if (value is TensorRecord)
            {
                return true;
            }
        }

        return false;
    }

    private static CheckpointTensor StripModulePrefix(CheckpointTensor tensor) =>
        tensor.Name.StartsWith("module.", StringComparison.Ordinal)
            ? new CheckpointTensor(tensor.Name["module.".Length..], [.. tensor.Shape], tensor.Data.ToArray())
            : tensor;
}
