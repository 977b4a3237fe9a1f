using System.Text;

namespace ControlPlane.Enforcement.Keys;

/// <summary>
/// Decodes the key header. Accepted: an RFC 8941 sf-string (<c>"abc"</c>, escapes <c>\"</c> and <c>\\</c> only, no
/// parameters) as the IETF draft requires, or, for friendliness, a bare value of visible ASCII without
/// <c>" \ , ;</c>. Leading and trailing spaces are ignored, as RFC 8941 parsing does.
/// </summary>
internal static class HeaderKeySyntax
{
    public static KeyExtraction Decode(string fieldValue)
    {
        var value = fieldValue.AsSpan().Trim(' ');
        if (value.IsEmpty)
        {
            return KeyExtraction.Invalid("The key is empty.");
        }

        return value[0] == '"' ? DecodeSfString(value) : DecodeBare(value);
    }

    private static KeyExtraction DecodeSfString(ReadOnlySpan<char> value)
    {
        var decoded = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (++i == value.Length || value[i] is not ('"' or '\\'))
                {
                    return KeyExtraction.Invalid("The key is not a valid structured-field string: '\\' may only escape '\"' or '\\'.");
                }

                decoded.Append(value[i]);
            }
            else if (c == '"')
            {
                return i == value.Length - 1
                    ? KeyExtraction.Found(decoded.ToString())
                    : KeyExtraction.Invalid("The key is not a valid structured-field string: nothing may follow the closing quote.");
            }
            else if (c is < ' ' or > '~')
            {
                return KeyExtraction.Invalid("The key is not a valid structured-field string: only printable ASCII is allowed.");
            }
            else
            {
                decoded.Append(c);
            }
        }

        return KeyExtraction.Invalid("The key is not a valid structured-field string: the closing quote is missing.");
    }

    private static KeyExtraction DecodeBare(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is <= ' ' or > '~' or '"' or '\\' or ',' or ';')
            {
                return KeyExtraction.Invalid("An unquoted key may only contain visible ASCII other than '\"', '\\', ',' and ';'; quote it as a structured-field string.");
            }
        }

        return KeyExtraction.Found(value.ToString());
    }
}
