using System.Text;

namespace InvestChn.Articles;

/// <summary>Minimal HTML escaping that leaves Chinese text and full-width punctuation as they are.</summary>
public static class HtmlText
{
    /// <summary>Escapes text for an element's content or a double-quoted attribute.</summary>
    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        Append(builder, text);
        return builder.ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped.</summary>
    public static void Append(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                _ => builder.Append(c),
            };
        }
    }
}
