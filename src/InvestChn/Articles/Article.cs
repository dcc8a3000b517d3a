namespace InvestChn.Articles;

/// <summary>An article as the store keeps it.</summary>
/// <param name="Id">Stable id: never changes once given, whatever happens to the URL or title.</param>
/// <param name="Sequence">Import sequence: increases with every new article; an update keeps it.</param>
/// <param name="Url">Canonical URL: the page's own, or derived from <c>Site:BaseUrl</c> when the page names none.</param>
/// <param name="UrlIsDerived">True while <see cref="Url"/> is derived; a page's own URL replaces a derived one.</param>
/// <param name="Title">Headline.</param>
/// <param name="PublishedAt">Publication time, UTC.</param>
/// <param name="PublishedDate">Publication date in the site's time zone.</param>
/// <param name="Source">来源; may be empty.</param>
/// <param name="ChannelPath">Breadcrumb items after 首页.</param>
/// <param name="BodyHtml">Body as sanitised HTML, one element per paragraph.</param>
/// <param name="BodyText">Body as plain text, paragraphs separated by a blank line.</param>
/// <param name="ContentHash">Hash of what a reader sees (title, time, source, channel, body).</param>
/// <param name="FirstImportedAt">When the article first entered the store, UTC.</param>
/// <param name="UpdatedAt">When its content last changed, UTC.</param>
public sealed record Article(
    string Id,
    long Sequence,
    Uri Url,
    bool UrlIsDerived,
    string Title,
    DateTimeOffset PublishedAt,
    DateOnly PublishedDate,
    string Source,
    IReadOnlyList<string> ChannelPath,
    string BodyHtml,
    string BodyText,
    string ContentHash,
    DateTimeOffset FirstImportedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Separates channel path items in <see cref="Channel"/>.</summary>
    public const char ChannelSeparator = '/';

    /// <summary>Separates paragraphs in <see cref="BodyText"/>.</summary>
    public const string ParagraphSeparator = "\n\n";

    /// <summary>The channel path as one string, e.g. <c>开发区新闻/文字新闻</c>.</summary>
    public string Channel => string.Join(ChannelSeparator, ChannelPath);

    /// <summary>The segmented terms of title and body (empty until segmented).</summary>
    public InvestChn.Text.ArticleTerms Terms { get; init; } = InvestChn.Text.ArticleTerms.Empty;

    /// <summary>Hash of the dictionary <see cref="Terms"/> were cut with; empty when never segmented.</summary>
    public string TermsDictionary { get; init; } = string.Empty;

    /// <summary>True when the article's content changed after its first import.</summary>
    public bool WasUpdated => UpdatedAt > FirstImportedAt;

    /// <summary>The body's paragraphs as plain text.</summary>
    public IReadOnlyList<string> Paragraphs => BodyText.Split(ParagraphSeparator);
}
