namespace BsrnVideo.Infer.Checkpoints;

/// <summary>A storage named by a persistent id: its type, archive key and element count.</summary>
internal sealed record StorageRef(StorageKind Kind, string Key, long ElementCount);
