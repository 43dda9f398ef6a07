using System.Collections;
using System.IO.Compression;
using Razorvine.Pickle;

namespace BsrnVideo.Infer.Checkpoints;

/// <summary>
/// Reads the tensors of a PyTorch zip checkpoint (<c>torch.save</c> since 1.6): <c>&lt;prefix&gt;/data.pkl</c> holds
/// the pickled object tree, <c>&lt;prefix&gt;/data/&lt;key&gt;</c> the raw little-endian storages. No Python code runs:
/// only the few torch globals a state dict uses are understood, everything else unpickles as inert data.
/// </summary>
internal static class TorchCheckpointReader
{
    static TorchCheckpointReader()
    {
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new RebuildTensorConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new RebuildTensorConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new RebuildParameterConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter_with_state", new RebuildParameterConstructor());
        Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
        foreach (StorageKind kind in StorageKind.All)
        {
            Unpickler.registerConstructor("torch", kind.PythonName, kind);
        }
    }

    /// <summary>Returns the unpickled root object with every tensor materialised as a <see cref="TensorRecord"/>.</summary>
    public static object? ReadRoot(string path, out Func<TensorRecord, string, CheckpointTensor> materialize)
    {
        using FileStream file = File.OpenRead(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        ZipArchiveEntry pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
            ?? throw new InvalidDataException("the zip has no data.pkl, so it is not a PyTorch checkpoint");
        string prefix = pickleEntry.FullName[..^"data.pkl".Length];

        byte[] pickle = ReadEntry(pickleEntry);
        object? root;
        using (var unpickler = new StorageUnpickler())
        {
            root = unpickler.loads(pickle);
        }

        // Storages are read eagerly here because the zip is closed when this method returns.
        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (TensorRecord record in EnumerateTensors(root))
        {
            string key = record.Storage.Key;
            if (!storages.ContainsKey(key))
            {
                ZipArchiveEntry entry = zip.GetEntry(prefix + "data/" + key)
                    ?? throw new InvalidDataException($"storage data/{key} is missing from the archive");
                storages[key] = ReadEntry(entry);
            }
        }

        materialize = (record, name) => record.Materialize(name, storages[record.Storage.Key]);
        return root;
    }

    private static IEnumerable<TensorRecord> EnumerateTensors(object? node)
    {
        switch (node)
        {
            case TensorRecord tensor:
                yield return tensor;
                break;
            case IDictionary dictionary:
                foreach (object? value in dictionary.Values)
                {
                    foreach (TensorRecord t in EnumerateTensors(value))
                    {
                        yield return t;
                    }
                }

                break;
            case IEnumerable list when node is not string:
                foreach (object? value in list)
                {
                    foreach (TensorRecord t in EnumerateTensors(value))
                    {
                        yield return t;
                    }
                }

                break;
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        var buffer = new byte[entry.Length];
        stream.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>Resolves the persistent ids <c>('storage', torch.FloatStorage, key, location, numel)</c>.</summary>
    private sealed class StorageUnpickler : Unpickler
    {
        protected override object persistentLoad(object pid)
        {
            if (pid is object[] { Length: >= 5 } tuple && tuple[0] is "storage")
            {
                StorageKind kind = tuple[1] as StorageKind
                    ?? throw new InvalidDataException($"unsupported tensor storage type {Describe(tuple[1])}");
                string key = Convert.ToString(tuple[2], System.Globalization.CultureInfo.InvariantCulture) ?? "";
                long count = Convert.ToInt64(tuple[4], System.Globalization.CultureInfo.InvariantCulture);
                return new StorageRef(kind, key, count);
            }

            throw new InvalidDataException("unknown persistent id in the pickle");
        }

        private static string Describe(object? o) => o switch
        {
            Razorvine.Pickle.Objects.ClassDictConstructor c => c.module + "." + c.name,
            null => "None",
            _ => o.GetType().Name,
        };
    }

    private sealed class RebuildTensorConstructor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not StorageRef storage)
            {
                throw new InvalidDataException("malformed tensor record in the pickle");
            }

            return new TensorRecord(storage, Convert.ToInt64(args[1], System.Globalization.CultureInfo.InvariantCulture), ToInts(args[2]), ToLongs(args[3]));
        }

        private static int[] ToInts(object o) => o is object[] a
            ? Array.ConvertAll(a, v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))
            : throw new InvalidDataException("malformed tensor size in the pickle");

        private static long[] ToLongs(object o) => o is object[] a
            ? Array.ConvertAll(a, v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))
            : throw new InvalidDataException("malformed tensor stride in the pickle");
    }

    private sealed class RebuildParameterConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            args.Length > 0 && args[0] is TensorRecord t ? t : throw new InvalidDataException("malformed parameter record in the pickle");
    }

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new OrderedHashtable();
    }
}
