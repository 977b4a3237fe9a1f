namespace ControlPlane.Enforcement.Keys;

internal enum KeyStatus
{
    Found,
    Missing,
    Invalid,
}
