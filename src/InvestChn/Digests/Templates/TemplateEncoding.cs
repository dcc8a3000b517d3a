using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace InvestChn.Digests.Templates;

/// <summary>How templates encode what they write.</summary>
public static partial class TemplateEncoding
{
    /// <summary>Escapes &lt;, &gt;, &amp; and quotes; leaves the letters of every script (Chinese included) as they are.</summary>
    public static HtmlEncoder Html { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// Writes back as characters what <see cref="Html"/> escapes whatever its settings allow: spaces
    /// other than U+0020 (the ideographic space U+3000 of Chinese titles, the no-break space) and
    /// everything beyond U+FFFF (CJK Extension B ideographs of names and places). Markup characters,
    /// quotes and control characters stay escaped.
    /// </summary>
    public static string RestoreText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return HexReference().Replace(html, match =>
        {
            var value = int.Parse(match.Groups[1].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return Rune.IsValid(value) && value is not ('<' or '>' or '&' or '"' or '\'') && !Rune.IsControl(new Rune(value))
                ? char.ConvertFromUtf32(value)
                : match.Value;
        });
    }

    [GeneratedRegex("&#x([0-9A-Fa-f]{1,6});")]
    private static partial Regex HexReference();
}
