using InvestChn.Articles;

namespace InvestChn.Publisher.Output;

/// <summary>The shapes <c>articles list/show --json</c> print; times carry the site's offset.</summary>
internal static class ArticleJson
{
    public static object Summary(Article a, TimeZoneInfo zone) => new
    {
        a.Id,
        a.Sequence,
        a.Title,
        PublishedAt = TimeZoneInfo.ConvertTime(a.PublishedAt, zone),
        a.Source,
        Channel = a.ChannelPath,
        Url = a.Url.AbsoluteUri,
    };

    public static object Full(Article a, TimeZoneInfo zone) => new
    {
        a.Id,
        a.Sequence,
        a.Title,
        PublishedAt = TimeZoneInfo.ConvertTime(a.PublishedAt, zone),
        a.Source,
        Channel = a.ChannelPath,
        Url = a.Url.AbsoluteUri,
        a.UrlIsDerived,
        a.Paragraphs,
        a.BodyHtml,
        a.ContentHash,
        FirstImportedAt = TimeZoneInfo.ConvertTime(a.FirstImportedAt, zone),
        UpdatedAt = TimeZoneInfo.ConvertTime(a.UpdatedAt, zone),
    };
}
