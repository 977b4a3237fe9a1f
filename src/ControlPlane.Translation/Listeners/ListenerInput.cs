using ControlPlane.Ir;

namespace ControlPlane.Translation.Listeners;

/// <summary>All a listener depends on; the enforcement service decides whether the ext_proc filters are present.</summary>
internal readonly record struct ListenerInput(string Gateway, ListenerIr Listener, EnforcementServiceIr? Enforcement);
