namespace ControlPlane.Re2;

/// <summary>Valid RE2 that has no exact .NET equivalent, so the enforcement service cannot match it as RE2 would.</summary>
internal sealed class Re2UnsupportedException(string reason) : Exception(reason);
