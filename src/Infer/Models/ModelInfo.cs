namespace BsrnVideo.Infer.Models;

/// <summary>One published BSRN checkpoint: the name users type, its file, what it does and how to check it.</summary>
/// <param name="Name">Name on the command line, e.g. <c>bsrn-x4</c>.</param>
/// <param name="FileName">File name in the authors' repository and in every local folder, e.g. <c>net_g_BSRN_x4.pth</c>.</param>
/// <param name="Scale">Upscaling factor of the network.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
/// <param name="SizeBytes">File size in bytes (a download larger than this is cut off).</param>
/// <param name="Description">The network in a few words.</param>
public sealed record ModelInfo(string Name, string FileName, int Scale, string Sha256, long SizeBytes, string Description);
