using System.Collections;

namespace BsrnVideo.Infer.Checkpoints;

/// <summary>
/// A <see cref="Hashtable"/> (what the unpickler fills with SETITEMS) that remembers insertion order, standing in
/// for Python's <c>collections.OrderedDict</c> so error messages can name the first tensor of a file.
/// </summary>
internal sealed class OrderedHashtable : Hashtable
{
    private readonly List<object> _order = [];

    public IReadOnlyList<object> OrderedKeys => _order;

    public override object? this[object key]
    {
        get => base[key];
        set
        {
            if (!ContainsKey(key))
            {
                _order.Add(key);
            }

            base[key] = value;
        }
    }

    /// <summary>
    /// Called by the unpickler's BUILD opcode: a state dict's attributes (torch's <c>_metadata</c> versions) are
    /// not needed, so they are ignored.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "Python's protocol name, found by reflection.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "Python's protocol name, found by reflection.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Found by reflection on the instance.")]
    public void __setstate__(Hashtable state)
    {
        _ = state;
    }

    public override void Add(object key, object? value)
    {
        base.Add(key, value);
        _order.Add(key);
    }
}
