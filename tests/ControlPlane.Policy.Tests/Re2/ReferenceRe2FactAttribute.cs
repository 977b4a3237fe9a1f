namespace ControlPlane.Policy.Tests.Re2;

/// <summary>Needs node and re2-wasm (<see cref="ReferenceRe2"/>).</summary>
internal sealed class ReferenceRe2FactAttribute() : ToolFactAttribute(ReferenceRe2.Unavailable);
