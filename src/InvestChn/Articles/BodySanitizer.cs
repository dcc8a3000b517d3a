using System.Text;
using AngleSharp.Dom;

namespace InvestChn.Articles;

/// <summary>
/// Rewrites a piece of a page's body as HTML that is safe to put in a feed or an email: an
/// allow-list of tags, no attributes but a few checked ones, absolute http(s) links only.
/// Everything else is unwrapped to its text.
/// </summary>
internal sealed class BodySanitizer(Uri baseUri)
{
    private static readonly Dictionary<string, string> InlineTags = new(StringComparer.Ordinal)
    {
        ["strong"] = "strong", ["b"] = "strong", ["em"] = "em", ["i"] = "em", ["u"] = "u",
        ["sub"] = "sub", ["sup"] = "sup", ["a"] = "a",
    };

    private static readonly HashSet<string> StructureTags = new(StringComparer.Ordinal)
    {
        "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    };

    private static readonly HashSet<string> DroppedTags = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "form", "input", "button",
        "select", "textarea", "svg", "math", "video", "audio", "canvas", "link", "meta",
    };

    /// <summary>
    /// Sanitises <paramref name="element"/> as one block: paragraphs and headings become <c>&lt;p&gt;</c>,
    /// lists and tables keep their structure. Returns null when nothing readable is left.
    /// </summary>
    public BodyBlock? ToBlock(IElement element)
    {
        var name = element.LocalName;
        if (name is "ul" or "ol" or "table")
        {
            return Build(name, element.ChildNodes, structured: true);
        }

        if (name is "img")
        {
            return Build("p", [element], structured: false);
        }

        return Build("p", element.ChildNodes, structured: false);
    }

    /// <summary>
    /// Sanitises loose inline content (text between blocks, or a <c>div</c> without paragraphs) as
    /// paragraphs: such pages separate paragraphs with <c>&lt;br&gt;</c>, so each line is one.
    /// </summary>
    public IEnumerable<BodyBlock> ToBlocks(IEnumerable<INode> inlineRun)
    {
        var line = new List<INode>();
        foreach (var node in Flatten(inlineRun).Append(null))
        {
            if (node is null || node is IElement { LocalName: "br" })
            {
                if (Build("p", line, structured: false) is { } block)
                {
                    yield return block;
                }

                line.Clear();
                continue;
            }

            line.Add(node);
        }
    }

    /// <summary>
    /// Opens wrappers such as <c>&lt;font&gt;</c> and <c>&lt;span&gt;</c> that hold line breaks, so
    /// that every &lt;br&gt;-separated line of a table-layout page becomes its own paragraph.
    /// </summary>
    private static IEnumerable<INode> Flatten(IEnumerable<INode> nodes)
    {
        foreach (var node in nodes)
        {
            if (node is IElement { LocalName: "font" or "span" or "div" } wrapper && wrapper.QuerySelector("br") is not null)
            {
                foreach (var inner in Flatten(wrapper.ChildNodes))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return node;
            }
        }
    }

    private BodyBlock? Build(string tag, IEnumerable<INode> nodes, bool structured)
    {
        var html = new StringBuilder();
        var text = new StringBuilder();
        var hasImage = false;
        foreach (var node in nodes)
        {
            Write(node, html, text, structured, ref hasImage);
        }

        var plain = PageText.CollapseWhitespace(text.ToString());
        if (plain.Length == 0 && !hasImage)
        {
            return null;
        }

        var inner = TrimEdges(html.ToString());
        return new BodyBlock($"<{tag}>{inner}</{tag}>", plain);
    }

    private void Write(INode node, StringBuilder html, StringBuilder text, bool structured, ref bool hasImage)
    {
        if (node.NodeType == NodeType.Text)
        {
            var collapsed = PageText.CollapseRuns(node.TextContent);
            HtmlText.Append(html, collapsed);
            text.Append(collapsed);
            return;
        }

        if (node is not IElement element)
        {
            return;
        }

        var name = element.LocalName;
        if (DroppedTags.Contains(name))
        {
            return;
        }

        if (name == "br")
        {
            html.Append("<br>");
            text.Append(' ');
            return;
        }

        if (name == "img")
        {
            hasImage |= WriteImage(element, html);
            return;
        }

        if (structured && StructureTags.Contains(name))
        {
            html.Append('<').Append(name);
            CopySpan(element, "colspan", html);
            CopySpan(element, "rowspan", html);
            html.Append('>');
            WriteChildren(element, html, text, structured, ref hasImage);
            html.Append("</").Append(name).Append('>');
            text.Append(' ');
            return;
        }

        if (InlineTags.TryGetValue(name, out var safe))
        {
            if (safe == "a")
            {
                var href = SafeUrl(element.GetAttribute("href"), allowMail: true);
                if (href is null)
                {
                    WriteChildren(element, html, text, structured, ref hasImage);
                    return;
                }

                html.Append("<a href=\"");
                HtmlText.Append(html, href);
                html.Append("\">");
                WriteChildren(element, html, text, structured, ref hasImage);
                html.Append("</a>");
                return;
            }

            html.Append('<').Append(safe).Append('>');
            WriteChildren(element, html, text, structured, ref hasImage);
            html.Append("</").Append(safe).Append('>');
            return;
        }

        // Anything else (span, font, div inside a paragraph, ...) is unwrapped to its content.
        WriteChildren(element, html, text, structured, ref hasImage);
    }

    private void WriteChildren(IElement element, StringBuilder html, StringBuilder text, bool structured, ref bool hasImage)
    {
        foreach (var child in element.ChildNodes)
        {
            Write(child, html, text, structured, ref hasImage);
        }
    }

    private bool WriteImage(IElement image, StringBuilder html)
    {
        var src = SafeUrl(image.GetAttribute("src"), allowMail: false);
        if (src is null)
        {
            return false;
        }

        html.Append("<img src=\"");
        HtmlText.Append(html, src);
        html.Append("\" alt=\"");
        HtmlText.Append(html, PageText.CollapseWhitespace(image.GetAttribute("alt") ?? string.Empty));
        html.Append("\">");
        return true;
    }

    private static void CopySpan(IElement element, string attribute, StringBuilder html)
    {
        if (int.TryParse(element.GetAttribute(attribute), out var span) && span is > 1 and < 100)
        {
            html.Append(' ').Append(attribute).Append("=\"").Append(span).Append('"');
        }
    }

    /// <summary>Resolves a link against the site; only http(s) (and mailto for links) survive.</summary>
    private string? SafeUrl(string? value, bool allowMail)
    {
        // A fragment-only link ("#", "#top") points nowhere outside the page.
        if (string.IsNullOrWhiteSpace(value) || value.TrimStart().StartsWith('#'))
        {
            return null;
        }

        if (!Uri.TryCreate(baseUri, value.Trim(), out var uri))
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || (allowMail && uri.Scheme == Uri.UriSchemeMailto)
            ? uri.AbsoluteUri
            : null;
    }

    /// <summary>Drops the indentation (spaces, U+3000) pages put before a paragraph's first character, and trailing space.</summary>
    private static string TrimEdges(string html)
    {
        var start = 0;
        while (start < html.Length && IsEdgeSpace(html[start]))
        {
            start++;
        }

        var end = html.Length;
        while (end > start && IsEdgeSpace(html[end - 1]))
        {
            end--;
        }

        return html[start..end];
    }

    private static bool IsEdgeSpace(char c) => c is ' ' or '\u3000' or '\u00A0' or '\t';
}
