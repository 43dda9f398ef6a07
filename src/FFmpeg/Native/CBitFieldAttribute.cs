namespace BsrnVideo.FFmpeg.Native;

/// <summary>
/// Marks a mirror field that stands for C bit-fields (which have no offsetof). The ABI probe test skips its offset
/// and instead evaluates <see cref="Expression"/> in C, which must yield <see cref="Expected"/> when the C#
/// reading of the word is right.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class CBitFieldAttribute(string expression, long expected) : Attribute
{
    public string Expression { get; } = expression;

    public long Expected { get; } = expected;
}
