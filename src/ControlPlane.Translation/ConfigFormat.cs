namespace ControlPlane.Translation;

/// <summary>Text formats Envoy accepts for its bootstrap, and that config dumps are written in.</summary>
public enum ConfigFormat
{
    Yaml,
    Json,
}
