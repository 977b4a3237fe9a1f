namespace ControlPlane.Xds.Status;

/// <summary>A set that forgets its oldest entries beyond a capacity.</summary>
internal sealed class BoundedSet(int capacity)
{
    private readonly HashSet<string> _items = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _items.Count;

    public bool Contains(string item) => _items.Contains(item);

    public void Add(string item)
    {
        if (!_items.Add(item))
        {
            return;
        }

        _order.Enqueue(item);
        if (_order.Count > capacity)
        {
            _items.Remove(_order.Dequeue());
        }
    }
}
