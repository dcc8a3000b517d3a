using System.Text;

namespace InvestChn.Text;

/// <summary>Removes what XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone surrogates) so one bad character never breaks a feed.</summary>
public static class XmlChars
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsClean(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsAllowed(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
}
