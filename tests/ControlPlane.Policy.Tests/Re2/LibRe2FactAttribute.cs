namespace ControlPlane.Policy.Tests.Re2;

/// <summary>Needs libre2 and g++ (<see cref="LibRe2"/>).</summary>
internal sealed class LibRe2FactAttribute() : ToolFactAttribute(LibRe2.Unavailable);
