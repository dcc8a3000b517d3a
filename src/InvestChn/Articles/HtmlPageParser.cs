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

    private static readonly HashSet<string> ChromeElements = new(StringComparer.Ordinal) { "nav", "header", "footer", "aside", "menu" };

    private static readonly string[] ChromeClasses = ["footer", "copyright", "sidebar", "share", "prevnext", "pre-next"];

    private static readonly string[] TitleClasses = ["title", "biaoti", "headline", "tit"];

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "blockquote", "center", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "figure", "pre",
        "tbody", "tr", "td",
    };

    // Layout tables (a <td> holding the article) are read through; a data table inside the body is kept whole.
    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal) { "div", "section", "article", "center", "figure", "td", "tbody", "tr" };

    public static PageParseResult Parse(string html, PageParseContext context)
    {
        var document = new HtmlParser().ParseDocument(html);
        var canonical = FindCanonicalUrl(document, context.BaseUri);
        var baseUri = canonical ?? FindBaseHref(document, context.BaseUri) ?? context.BaseUri;

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
        var info = FindInfo(body, breadcrumb);
        if (info is null)
        {
            return PageParseResult.Rejected("no publish date (发布时间) found");
        }

        // Chrome goes, except what holds the article itself (an <article><header> with the info line).
        breadcrumb?.Remove();
        foreach (var element in body.QuerySelectorAll("*").Where(IsChromeElement).Where(e => !e.Contains(info)).ToList())
        {
            element.Remove();
        }

        var order = Order(body);
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

        var blocks = ReadBody(order, info, titleElement, new BodySanitizer(baseUri));
        if (blocks.Count == 0)
        {
            return PageParseResult.Rejected("empty body");
        }

        return PageParseResult.Accepted(new ParsedPage(title, publishedAt, publishedDate, source, channel, blocks, canonical));
    }

    private static Dictionary<IElement, int> Order(IElement body)
    {
        var order = new Dictionary<IElement, int>();
        foreach (var element in body.QuerySelectorAll("*"))
        {
            order[element] = order.Count;
        }

        return order;
    }

    /// <summary>The page's own URL; a template that names the site's home page for every article names none.</summary>
    private static Uri? FindCanonicalUrl(IHtmlDocument document, Uri baseUri)
    {
        var href = document.QuerySelector("link[rel~='canonical']")?.GetAttribute("href")
                   ?? document.QuerySelector("meta[property='og:url']")?.GetAttribute("content");
        return AbsoluteHttp(href, baseUri) is { } uri && uri.AbsolutePath.Length > 1 ? uri : null;
    }

    private static Uri? FindBaseHref(IHtmlDocument document, Uri baseUri) =>
        AbsoluteHttp(document.QuerySelector("base[href]")?.GetAttribute("href"), baseUri);

    private static Uri? AbsoluteHttp(string? href, Uri baseUri) =>
        !string.IsNullOrWhiteSpace(href) &&
        Uri.TryCreate(baseUri, href.Trim(), out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    private static IElement? FindBreadcrumb(IElement body)
    {
        // From the text that carries the label, up to the first element that also holds the items.
        foreach (var text in TextNodes(body).Where(t => t.TextContent.Contains("位置", StringComparison.Ordinal)))
        {
            for (var element = text.ParentElement; element is not null && element != body; element = element.ParentElement)
            {
                var content = element.TextContent;
                if (content.Length >= MaxLineLength || !PageText.IsBreadcrumb(content))
                {
                    break;
                }

                if (PageText.ParseBreadcrumb(content).Count > 0)
                {
                    return element;
                }
            }
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

    private static IEnumerable<IText> TextNodes(INode root)
    {
        foreach (var child in root.ChildNodes)
        {
            if (child is IText text)
            {
                yield return text;
            }
            else if (child is IElement element)
            {
                foreach (var inner in TextNodes(element))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// The info line: of the short elements carrying 发布时间 and a date (a label split from its
    /// date into spans counts as its parent), those that also name 来源 win, then the first after
    /// the breadcrumb; dates in lists (a sidebar's 热点新闻) are passed over.
    /// </summary>
    private static IElement? FindInfo(IElement body, IElement? breadcrumb)
    {
        var order = Order(body);
        var breadcrumbAt = breadcrumb is null ? -1 : order[breadcrumb];
        var candidates = new List<IElement>();
        foreach (var text in TextNodes(body).Where(t => t.TextContent.Contains("发布", StringComparison.Ordinal)))
        {
            var line = text.ParentElement;
            if (line is null || line == body || line.TextContent.Length >= MaxLineLength || !PageText.IsInfoLine(line.TextContent))
            {
                continue;
            }

            while (!PageText.HasDate(line.TextContent) && line.ParentElement is { } parent && parent.TextContent.Length < MaxLineLength && parent != body)
            {
                line = parent;
            }

            while (!HasSource(line) && line.ParentElement is { } parent && parent != body && parent.TextContent.Length < MaxLineLength &&
                   HasSource(parent) && parent.QuerySelector("h1, h2, h3") is null)
            {
                line = parent;
            }

            if (PageText.HasDate(line.TextContent) && line.Closest("li") is null && !candidates.Contains(line))
            {
                candidates.Add(line);
            }
        }

        return candidates
            .OrderByDescending(HasSource)
            .ThenBy(e => order[e] > breadcrumbAt ? 0 : 1)
            .ThenBy(e => order[e])
            .FirstOrDefault();
    }

    private static bool HasSource(IElement element) => element.TextContent.Contains("来源", StringComparison.Ordinal);

    private static bool IsChromeElement(IElement element) =>
        ChromeElements.Contains(element.LocalName) ||
        element.ClassList.Any(c => ChromeClasses.Any(chrome => c.Contains(chrome, StringComparison.OrdinalIgnoreCase))) ||
        (element.Id is { } id && ChromeClasses.Any(chrome => id.Contains(chrome, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The nearest heading (or element classed as a title) before the info line; logos and linked headings are not titles.</summary>
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
                if (text.Length is > 0 and < MaxLineLength && !PageText.IsSubtitle(text) && !PageText.IsSourceLine(text))
                {
                    title = element;
                }
            }
        }

        return title;
    }

    private static bool IsTitleCandidate(IElement element)
    {
        if (element.Closest("a, li") is not null || element.QuerySelector("a") is { } link && link.TextContent.Trim() == element.TextContent.Trim())
        {
            return false;
        }

        if (element.ClassList.Any(c => c.Contains("logo", StringComparison.OrdinalIgnoreCase) || c.Contains("sub", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return element.LocalName is "h1" or "h2" or "h3" ||
               element.ClassList.Any(c => TitleClasses.Any(t => c.Contains(t, StringComparison.OrdinalIgnoreCase)));
    }

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
    /// Finds the element whose children after the info line carry most text (paragraphs, or text
    /// runs split by &lt;br&gt;) and reads its blocks in order until the chrome begins.
    /// </summary>
    private static List<BodyBlock> ReadBody(Dictionary<IElement, int> order, IElement info, IElement? title, BodySanitizer sanitizer)
    {
        var infoAt = order[info];
        var lengths = new Dictionary<IElement, (int Text, int Links)>();
        Measure(info.Owner!.Body!, lengths, insideLink: false);
        IElement? container = null;
        var bestScore = 0;
        foreach (var element in order.Keys)
        {
            // Link text is navigation, never the body; nothing can beat a best score longer than itself.
            var (length, links) = lengths[element];
            if (length - links <= bestScore || element.Closest("a") is not null)
            {
                continue;
            }

            var score = 0;
            foreach (var child in element.ChildNodes)
            {
                if (child is IElement childElement)
                {
                    if (order[childElement] > infoAt && !childElement.Contains(info) && !IsShortChrome(childElement, lengths[childElement].Text))
                    {
                        score += lengths[childElement].Text - lengths[childElement].Links;
                    }
                }
                else if (child.NodeType == NodeType.Text && IsAfter(child, info))
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

    /// <summary>
    /// Text length and link-text length of every element, in one pass: a list of related articles is
    /// all links, a body hardly any.
    /// </summary>
    private static (int Text, int Links) Measure(IElement element, Dictionary<IElement, (int Text, int Links)> lengths, bool insideLink)
    {
        var link = insideLink || element.LocalName == "a";
        int text = 0, links = 0;
        foreach (var child in element.ChildNodes)
        {
            if (child is IElement childElement)
            {
                var (t, l) = Measure(childElement, lengths, link);
                text += t;
                links += l;
            }
            else if (child.NodeType == NodeType.Text)
            {
                var length = PageText.CollapseWhitespace(child.TextContent).Length;
                text += length;
                links += link ? length : 0;
            }
        }

        lengths[element] = (text, links);
        return (text, links);
    }

    /// <summary>Chrome blocks (上一条, contact, copyright) are short; a long block is never tested as one.</summary>
    private static bool IsShortChrome(IElement element, int length) => length < 400 && PageText.IsChrome(element.TextContent);

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

                if (element == info || (order[element] < infoAt && !element.Contains(info)))
                {
                    continue;
                }

                var holdsHeader = element.Contains(info) || (title is not null && element.Contains(title));
                if (holdsHeader || (Containers.Contains(element.LocalName) && element.Children.Any(c => Blocks.Contains(c.LocalName))))
                {
                    if (!ReadBlocks(element, order, infoAt, info, title, sanitizer, blocks))
                    {
                        return false;
                    }

                    continue;
                }

                if (PageText.IsChrome(element.TextContent))
                {
                    if (blocks.Count == 0 && PageText.IsControl(element.TextContent))
                    {
                        continue;
                    }

                    return false;
                }

                if (Containers.Contains(element.LocalName))
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
            else if (node is IElement inlineElement ? order[inlineElement] > infoAt && !inlineElement.Contains(info) : IsAfter(node, info))
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
                if (blocks.Count == 0 && PageText.IsControl(block.Text))
                {
                    continue;
                }

                return false;
            }

            blocks.Add(block);
        }

        return true;
    }
}
