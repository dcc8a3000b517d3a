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

        var info = Array.FindIndex(lines, PageText.IsInfoLine);
        if (info < 0)
        {
            return PageParseResult.Rejected("no publish date (发布时间) found");
        }

        // Only a breadcrumb above the info line counts; body text may begin with 当前位置 too.
        var breadcrumb = Array.FindLastIndex(lines, info, PageText.IsBreadcrumb);

        // The title is the last line of text above the info line and below the breadcrumb (and so
        // below the slogan), passing over a line that only names the source and a ——subtitle.
        string? title = null;
        var source = string.Empty;
        for (var i = info - 1; i > breadcrumb; i--)
        {
            var candidate = PageText.CollapseWhitespace(lines[i]);
            if (candidate.Length == 0 || PageText.IsControl(candidate) || PageText.IsSubtitle(candidate))
            {
                continue;
            }

            if (PageText.IsSourceLine(candidate))
            {
                source = source.Length > 0 ? source : PageText.SourceOf(candidate);
                continue;
            }

            title = candidate;
            break;
        }

        if (title is null)
        {
            return PageParseResult.Rejected("no title found");
        }

        if (!PageText.TryParseInfoLine(lines[info], context, out var publishedAt, out var publishedDate, out var infoSource, out var problem))
        {
            return PageParseResult.Rejected(problem!);
        }

        var body = new List<BodyBlock>();
        for (var i = info + 1; i < lines.Length; i++)
        {
            if (PageText.IsChrome(lines[i]))
            {
                // Font-size and print controls may sit above the body; anything else ends it.
                if (body.Count == 0 && PageText.IsControl(lines[i]))
                {
                    continue;
                }

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
        return PageParseResult.Accepted(new ParsedPage(title, publishedAt, publishedDate, infoSource.Length > 0 ? infoSource : source, channel, body, CanonicalUrl: null));
    }
}
