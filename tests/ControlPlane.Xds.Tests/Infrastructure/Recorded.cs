namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>A list that server threads append to while a test reads copies of it.</summary>
internal sealed class Recorded<T>
{
    private readonly List<T> _items = [];

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }
}
