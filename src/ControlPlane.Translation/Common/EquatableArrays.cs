using System.Runtime.InteropServices;
using ControlPlane.Ir;

namespace ControlPlane.Translation.Common;

internal static class EquatableArrays
{
    /// <summary>Wraps a freshly built array without copying; the caller must not touch the array afterwards.</summary>
    public static EquatableArray<T> Wrap<T>(T[] items) => new(ImmutableCollectionsMarshal.AsImmutableArray(items));
}
