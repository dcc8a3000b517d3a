namespace InvestChn.Articles;

/// <summary>
/// Reads the site's pages as extracted text: slogan, breadcrumb, title, info line, one paragraph
/// per line, then the chrome (上一条/下一条, contact block, copyright).
/// </summary>
public static class TextPageParser
{
    public static PageParseResult Parse(string text, PageParseContext context)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');

        var breadcrumb = Array.FindIndex(lines, PageText.IsBreadcrumb);
        var info = Array.FindIndex(lines, Math.Max(breadcrumb, 0), PageText.IsInfoLine);
        if (info < 0)
        {
            return PageParseResult.Rejected("no publish date (发布时间) found");
        }

        // The title is the last line of text above the info line, below the breadcrumb (and so below the slogan).
        string? title = null;
        for (var i = info - 1; i > breadcrumb; i--)
        {
            var candidate = PageText.CollapseWhitespace(lines[i]);
            if (candidate.Length > 0)
            {
                title = candidate;
                break;
            }
        }

        if (title is null)
        {
            return PageParseResult.Rejected("no title found");
        }

        if (!PageText.TryParseInfoLine(lines[info], context, out var publishedAt, out var publishedDate, out var source, out var problem))
        {
            return PageParseResult.Rejected(problem!);
        }

        var body = new List<BodyBlock>();
        for (var i = info + 1; i < lines.Length; i++)
        {
            if (PageText.IsChrome(lines[i]))
            {
                break;
            }

            var paragraph = PageText.CollapseWhitespace(lines[i]);
            if (paragraph.Length > 0)
            {
                body.Add(new BodyBlock("<p>" + HtmlText.Encode(paragraph) + "</p>", paragraph));
            }
        }

        if (body.Count == 0)
        {
            return PageParseResult.Rejected("empty body");
        }

        var channel = breadcrumb >= 0 ? PageText.ParseBreadcrumb(lines[breadcrumb]) : [];
        return PageParseResult.Accepted(new ParsedPage(title, publishedAt, publishedDate, source, channel, body, CanonicalUrl: null));
    }
}
