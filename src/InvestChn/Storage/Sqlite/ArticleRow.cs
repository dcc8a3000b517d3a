using System.Globalization;
using InvestChn.Articles;

namespace InvestChn.Storage.Sqlite;

/// <summary>An <c>articles</c> row as SQLite holds it: times as Unix milliseconds, the channel path joined.</summary>
internal sealed class ArticleRow
{
    /// <summary>The column list every query selects, aliased to this type's properties.</summary>
    public const string Columns =
        "id AS Id, import_seq AS Sequence, url AS Url, url_derived AS UrlDerived, title AS Title, " +
        "published_at AS PublishedAt, published_date AS PublishedDate, source AS Source, channel AS Channel, " +
        "body_html AS BodyHtml, body_text AS BodyText, content_hash AS ContentHash, " +
        "first_imported_at AS FirstImportedAt, updated_at AS UpdatedAt, terms AS Terms, terms_dictionary AS TermsDictionary";

    public string Id { get; set; } = "";

    public long Sequence { get; set; }

    public string Url { get; set; } = "";

    public long UrlDerived { get; set; }

    public string Title { get; set; } = "";

    public long PublishedAt { get; set; }

    public string PublishedDate { get; set; } = "";

    public string Source { get; set; } = "";

    public string Channel { get; set; } = "";

    public string BodyHtml { get; set; } = "";

    public string BodyText { get; set; } = "";

    public string ContentHash { get; set; } = "";

    public long FirstImportedAt { get; set; }

    public long UpdatedAt { get; set; }

    public string Terms { get; set; } = "";

    public string TermsDictionary { get; set; } = "";

    public static ArticleRow From(Article article) => new()
    {
        Id = article.Id,
        Sequence = article.Sequence,
        Url = article.Url.AbsoluteUri,
        UrlDerived = article.UrlIsDerived ? 1 : 0,
        Title = article.Title,
        PublishedAt = article.PublishedAt.ToUnixTimeMilliseconds(),
        PublishedDate = article.PublishedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Source = article.Source,
        Channel = article.Channel,
        BodyHtml = article.BodyHtml,
        BodyText = article.BodyText,
        ContentHash = article.ContentHash,
        FirstImportedAt = article.FirstImportedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = article.UpdatedAt.ToUnixTimeMilliseconds(),
        Terms = article.Terms.Serialize(),
        TermsDictionary = article.TermsDictionary,
    };

    public Article ToArticle() => new(
        Id,
        Sequence,
        new Uri(Url, UriKind.Absolute),
        UrlDerived != 0,
        Title,
        DateTimeOffset.FromUnixTimeMilliseconds(PublishedAt),
        DateOnly.ParseExact(PublishedDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Source,
        Channel.Length == 0 ? [] : Channel.Split(Article.ChannelSeparator),
        BodyHtml,
        BodyText,
        ContentHash,
        DateTimeOffset.FromUnixTimeMilliseconds(FirstImportedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt))
    {
        Terms = InvestChn.Text.ArticleTerms.Parse(Terms),
        TermsDictionary = TermsDictionary,
    };
}
