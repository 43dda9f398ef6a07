namespace BsrnVideo.Infer.Models;

/// <summary>How far a checkpoint download has got.</summary>
/// <param name="BytesReceived">Bytes written so far.</param>
/// <param name="TotalBytes">The full size when the server or the catalogue says it, else null.</param>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
