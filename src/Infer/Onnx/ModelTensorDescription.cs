namespace BsrnVideo.Infer.Onnx;

/// <summary>One graph input or output: name, element type and shape (symbolic dimensions by name).</summary>
public sealed record ModelTensorDescription(string Name, string ElementType, IReadOnlyList<string> Shape)
{
    public override string ToString() => $"{Name}: {ElementType} [{string.Join(", ", Shape)}]";
}
