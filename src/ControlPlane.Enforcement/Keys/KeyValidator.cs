using System.Text.RegularExpressions;
using ControlPlane.Enforcement.Rules;

namespace ControlPlane.Enforcement.Keys;

/// <summary>Length and character checks every key passes, wherever it came from.</summary>
internal static class KeyValidator
{
    public static KeyExtraction Validate(CompiledRule rule, KeyExtraction extraction)
    {
        if (extraction.Status != KeyStatus.Found)
        {
            return extraction;
        }

        var key = extraction.Key;
        if (key.Length == 0)
        {
            return KeyExtraction.Invalid("The key is empty.");
        }

        if (key.Length > rule.Ir.Key.MaxLength)
        {
            return KeyExtraction.Invalid($"The key is longer than {rule.Ir.Key.MaxLength} characters.");
        }

        if (rule.AllowedCharacters is { } allowed)
        {
            return Matches(allowed, key) ? extraction : KeyExtraction.Invalid("The key contains characters this API does not allow.");
        }

        return key.AsSpan().ContainsAnyExceptInRange('!', '~')
            ? KeyExtraction.Invalid("The key may only contain visible ASCII characters.")
            : extraction;
    }

    private static bool Matches(Regex allowed, string key)
    {
        try
        {
            return allowed.IsMatch(key);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
