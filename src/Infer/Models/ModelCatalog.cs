namespace BsrnVideo.Infer.Models;

/// <summary>
/// The authors' four pretrained checkpoints (github.com/xiaom233/BSRN, commit 2d63d52, MIT licence), with the
/// SHA-256 of each file: the only checkpoints the tool fetches or trusts from a folder by name.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Where the files are published; <c>&lt;base&gt;/&lt;file name&gt;</c> is each file's address.</summary>
    public static Uri DefaultBaseUrl { get; } =
        new("https://github.com/xiaom233/BSRN/raw/2d63d5239c9fa9810b9c1aea93e98d42ece09efc/experiments/pretrained_models/");

    public static ModelInfo BsrnX2 { get; } = new(
        "bsrn-x2", "net_g_BSRN_x2.pth", 2, "09bd1f85e017c7902e65a9c9770ee592efe3d013f6b5cf1fe7de8cabac4ba37d", 1441677,
        "BSRN, 64 channels, 8 ESDB blocks");

    public static ModelInfo BsrnX3 { get; } = new(
        "bsrn-x3", "net_g_BSRN_x3.pth", 3, "6eb73a300aaec5029bc0de7f5ae85c02b8dcd8fdaf438c77f90272939fecca7e", 1476301,
        "BSRN, 64 channels, 8 ESDB blocks");

    public static ModelInfo BsrnX4 { get; } = new(
        "bsrn-x4", "net_g_BSRN_x4.pth", 4, "47518e0f549f5696da0c84ca2d65bf50d789c7ac20e621909f5fd6c8c8d70bcb", 1524813,
        "BSRN, 64 channels, 8 ESDB blocks");

    public static ModelInfo BsrnS { get; } = new(
        "bsrn-s", "net_g_BSRN-S.pth", 4, "f035e512bcecd2999af21999fdaeb6ed39a4492ac11d214b8164d27e6e958fec", 699603,
        "BSRN-S (NTIRE 2022 efficient SR), 48 channels, 5 blocks");

    public static IReadOnlyList<ModelInfo> All { get; } = [BsrnX2, BsrnX3, BsrnX4, BsrnS];

    /// <summary>The model called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ModelInfo? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The model whose file has this SHA-256, or null.</summary>
    public static ModelInfo? FindBySha256(string sha256) =>
        All.FirstOrDefault(m => string.Equals(m.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>The model called <paramref name="name"/>; an unknown name throws, listing the known ones.</summary>
    public static ModelInfo Get(string name) =>
        Find(name) ?? throw new InferenceException(
            $"Unknown model '{name}'. Known models: {string.Join(", ", All.Select(m => $"{m.Name} (x{m.Scale})"))}.");
}
