using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace InvestChn.Digests.Templates;

/// <summary>How templates encode what they write.</summary>
public static class TemplateEncoding
{
    /// <summary>Escapes &lt;, &gt;, &amp; and quotes; leaves the letters of every script (Chinese included) as they are.</summary>
    public static HtmlEncoder Html { get; } = HtmlEncoder.Create(UnicodeRanges.All);
}
