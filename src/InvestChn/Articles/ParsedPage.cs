namespace InvestChn.Articles;

/// <summary>What a page file says about one article, before it meets the store.</summary>
/// <param name="Title">The headline.</param>
/// <param name="PublishedAt">Publication time, UTC.</param>
/// <param name="PublishedDate">Publication date in the site's time zone (used to match the same article across formats).</param>
/// <param name="Source">来源; empty when the page names none.</param>
/// <param name="ChannelPath">Breadcrumb items after 首页, outermost first.</param>
/// <param name="Body">Body paragraphs in order.</param>
/// <param name="CanonicalUrl">The URL the page names for itself, when it names one.</param>
public sealed record ParsedPage(
    string Title,
    DateTimeOffset PublishedAt,
    DateOnly PublishedDate,
    string Source,
    IReadOnlyList<string> ChannelPath,
    IReadOnlyList<BodyBlock> Body,
    Uri? CanonicalUrl);

/// <summary>One body paragraph (or list, table, figure) as sanitised HTML and as plain text.</summary>
public sealed record BodyBlock(string Html, string Text);
