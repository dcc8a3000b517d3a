using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace InvestChn.Articles;

/// <summary>
/// Reads an article page of a typical CMS with a real HTML parser: breadcrumb element, heading,
/// info line (发布时间/来源), the content element's paragraphs, and the chrome around them.
/// </summary>
public static class HtmlPageParser
{
    private const int MaxLineLength = 300;

    private static readonly string[] BreadcrumbSelectors =
    [
        ".breadcrumb", ".breadcrumbs", ".crumb", ".crumbs", ".position", ".location", ".weizhi", ".dqwz",
        "#breadcrumb", "#position", "#location", "nav[aria-label*='readcrumb']",
    ];

    private static readonly HashSet<string> Removed = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "input", "button", "select", "textarea",
    };

    private static readonly HashSet<string> Chrome = new(StringComparer.Ordinal) { "nav", "header", "footer", "aside", "menu" };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "blockquote", "center", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "figure", "pre",
    };

    public static PageParseResult Parse(string html, PageParseContext context)
    {
        var document = new HtmlParser().ParseDocument(html);
        var canonical = FindCanonicalUrl(document, context.BaseUri);

        foreach (var element in document.All.Where(e => Removed.Contains(e.LocalName)).ToList())
        {
            element.Remove();
        }

        var body = document.Body;
        if (body is null)
        {
            return PageParseResult.Rejected("no title found");
        }

        var breadcrumb = FindBreadcrumb(body);
        var channel = breadcrumb is null ? [] : PageText.ParseBreadcrumb(breadcrumb.TextContent);
        breadcrumb?.Remove();
        foreach (var element in body.QuerySelectorAll("*").Where(e => Chrome.Contains(e.LocalName)).ToList())
        {
            element.Remove();
        }

        var order = new Dictionary<IElement, int>();
        foreach (var element in body.QuerySelectorAll("*"))
        {
            order[element] = order.Count;
        }

        var info = Smallest(order.Keys, e => PageText.IsInfoLine(e.TextContent));
        if (info is null)
        {
            return PageParseResult.Rejected("no publish date (发布时间) found");
        }

        var titleElement = FindTitle(order, info);
        var title = titleElement is null ? TitleFromHead(document) : PageText.CollapseWhitespace(titleElement.TextContent);
        if (string.IsNullOrEmpty(title))
        {
            return PageParseResult.Rejected("no title found");
        }

        if (!PageText.TryParseInfoLine(info.TextContent.ReplaceLineEndings(" "), context, out var publishedAt, out var publishedDate, out var source, out var problem))
        {
            return PageParseResult.Rejected(problem!);
        }

        var blocks = ReadBody(order, info, titleElement, new BodySanitizer(canonical ?? context.BaseUri));
        if (blocks.Count == 0)
        {
            return PageParseResult.Rejected("empty body");
        }

        return PageParseResult.Accepted(new ParsedPage(title, publishedAt, publishedDate, source, channel, blocks, canonical));
    }

    private static Uri? FindCanonicalUrl(IHtmlDocument document, Uri baseUri)
    {
        var href = document.QuerySelector("link[rel~='canonical']")?.GetAttribute("href")
                   ?? document.QuerySelector("meta[property='og:url']")?.GetAttribute("content");
        return !string.IsNullOrWhiteSpace(href) &&
               Uri.TryCreate(baseUri, href.Trim(), out var uri) &&
               (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
    }

    private static IElement? FindBreadcrumb(IElement body)
    {
        var labelled = Smallest(body.QuerySelectorAll("*"), e => PageText.IsBreadcrumb(e.TextContent) && PageText.ParseBreadcrumb(e.TextContent).Count > 0);
        if (labelled is not null)
        {
            return labelled;
        }

        foreach (var selector in BreadcrumbSelectors)
        {
            var element = body.QuerySelector(selector);
            if (element is not null && element.TextContent.Length < MaxLineLength)
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>The innermost element whose text passes <paramref name="test"/> and is short enough to be one line.</summary>
    private static IElement? Smallest(IEnumerable<IElement> elements, Func<IElement, bool> test)
    {
        IElement? best = null;
        foreach (var element in elements)
        {
            var text = element.TextContent;
            if (text.Length < MaxLineLength && test(element) && (best is null || text.Length <= best.TextContent.Length))
            {
                best = element;
            }
        }

        return best;
    }

    /// <summary>The last heading (or element classed as a title) before the info line.</summary>
    private static IElement? FindTitle(Dictionary<IElement, int> order, IElement info)
    {
        var infoAt = order[info];
        IElement? title = null;
        foreach (var (element, at) in order)
        {
            if (at >= infoAt)
            {
                break;
            }

            if (IsTitleCandidate(element) && !element.Contains(info))
            {
                var text = PageText.CollapseWhitespace(element.TextContent);
                if (text.Length is > 0 and < MaxLineLength)
                {
                    title = element;
                }
            }
        }

        return title;
    }

    private static bool IsTitleCandidate(IElement element) =>
        element.LocalName is "h1" or "h2" or "h3" ||
        element.ClassList.Any(c => c.Contains("title", StringComparison.OrdinalIgnoreCase));

    private static string TitleFromHead(IHtmlDocument document)
    {
        var title = PageText.CollapseWhitespace(document.Title ?? string.Empty);
        foreach (var separator in new[] { " - ", " _ ", "_", " | ", "|", "——" })
        {
            var at = title.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0)
            {
                return title[..at].Trim();
            }
        }

        return title;
    }

    /// <summary>
    /// Finds the element whose paragraphs carry most text after the info line and reads its blocks
    /// in order until the chrome (上一条/下一条, contact block, copyright) begins.
    /// </summary>
    private static List<BodyBlock> ReadBody(Dictionary<IElement, int> order, IElement info, IElement? title, BodySanitizer sanitizer)
    {
        var infoAt = order[info];
        IElement? container = null;
        var bestScore = 0;
        foreach (var element in order.Keys)
        {
            var score = 0;
            foreach (var child in element.Children)
            {
                if (child.LocalName is "p" or "div" && order[child] > infoAt && !child.Contains(info))
                {
                    score += PageText.CollapseWhitespace(child.TextContent).Length;
                }
            }

            if (score > bestScore)
            {
                bestScore = score;
                container = element;
            }
        }

        var blocks = new List<BodyBlock>();
        if (container is not null)
        {
            ReadBlocks(container, order, infoAt, info, title, sanitizer, blocks);
        }

        return blocks;
    }

    /// <returns>False once the chrome has begun, so callers stop reading.</returns>
    private static bool ReadBlocks(IElement container, Dictionary<IElement, int> order, int infoAt, IElement info, IElement? title, BodySanitizer sanitizer, List<BodyBlock> blocks)
    {
        var inline = new List<INode>();
        foreach (var node in container.ChildNodes)
        {
            if (node is IElement element && (Blocks.Contains(element.LocalName) || element.LocalName == "img"))
            {
                if (!Flush(inline, sanitizer, blocks))
                {
                    return false;
                }

                if (order[element] <= infoAt || element.Contains(info) || (title is not null && element.Contains(title)))
                {
                    continue;
                }

                if (PageText.IsChrome(element.TextContent))
                {
                    return false;
                }

                if (element.LocalName is "div" or "section" or "article" or "center" or "figure" &&
                    element.Children.Any(c => Blocks.Contains(c.LocalName)))
                {
                    if (!ReadBlocks(element, order, infoAt, info, title, sanitizer, blocks))
                    {
                        return false;
                    }

                    continue;
                }

                if (element.LocalName is "div" or "section" or "article" or "center")
                {
                    if (!AddAll(sanitizer.ToBlocks(element.ChildNodes), blocks))
                    {
                        return false;
                    }
                }
                else if (sanitizer.ToBlock(element) is { } block)
                {
                    blocks.Add(block);
                }
            }
            else if (node is IElement inlineElement ? order[inlineElement] > infoAt : IsAfter(node, info))
            {
                inline.Add(node);
            }
        }

        return Flush(inline, sanitizer, blocks);
    }

    private static bool IsAfter(INode node, IElement info) =>
        (info.CompareDocumentPosition(node) & DocumentPositions.Following) != 0 && !info.Contains(node);

    private static bool Flush(List<INode> inline, BodySanitizer sanitizer, List<BodyBlock> blocks)
    {
        if (inline.Count == 0)
        {
            return true;
        }

        var added = AddAll(sanitizer.ToBlocks(inline), blocks);
        inline.Clear();
        return added;
    }

    /// <returns>False when a block turned out to be chrome; it and what follows are left out.</returns>
    private static bool AddAll(IEnumerable<BodyBlock> found, List<BodyBlock> blocks)
    {
        foreach (var block in found)
        {
            if (PageText.IsChrome(block.Text))
            {
                return false;
            }

            blocks.Add(block);
        }

        return true;
    }
}
