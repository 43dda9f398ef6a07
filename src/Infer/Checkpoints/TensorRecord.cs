namespace BsrnVideo.Infer.Checkpoints;

/// <summary>What <c>torch._utils._rebuild_tensor_v2</c> describes: a strided view into a storage.</summary>
internal sealed record TensorRecord(StorageRef Storage, long Offset, int[] Size, long[] Stride)
{
    public CheckpointTensor Materialize(string name, byte[] storageBytes)
    {
        if (Size.Length != Stride.Length)
        {
            throw new InvalidDataException($"tensor {name} has {Size.Length} sizes but {Stride.Length} strides");
        }

        long available = storageBytes.LongLength / Storage.Kind.ElementSize;
        long count = 1;
        long maxIndex = Offset;
        for (int d = 0; d < Size.Length; d++)
        {
            if (Size[d] < 0 || Stride[d] < 0)
            {
                throw new InvalidDataException($"tensor {name} has a negative size or stride");
            }

            count *= Size[d];
            maxIndex += Size[d] == 0 ? 0 : (Size[d] - 1) * Stride[d];
        }

        if (count > 0 && maxIndex >= available)
        {
            throw new InvalidDataException(
                $"tensor {name} reaches element {maxIndex} but its storage data/{Storage.Key} holds {available} (truncated file?)");
        }

        var data = new float[count];
        var index = new int[Size.Length];
        for (long i = 0; i < count; i++)
        {
            long source = Offset;
            for (int d = 0; d < Size.Length; d++)
            {
                source += index[d] * Stride[d];
            }

            data[i] = Storage.Kind.Read(storageBytes, source);
            for (int d = Size.Length - 1; d >= 0; d--)
            {
                if (++index[d] < Size[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return new CheckpointTensor(name, Size, data);
    }
}
