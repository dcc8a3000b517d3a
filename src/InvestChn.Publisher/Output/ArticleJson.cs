using System.Text.Json.Serialization;
using InvestChn.Articles;

namespace InvestChn.Publisher.Output;

/// <summary>
/// An article as <c>articles list/show --json</c> print it; times carry the site's offset. The
/// body and bookkeeping fields are only filled (and written) for <c>show</c>.
/// </summary>
internal sealed record ArticleJson(
    string Id,
    long Sequence,
    string Title,
    DateTimeOffset PublishedAt,
    string Source,
    IReadOnlyList<string> Channel,
    string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? UrlIsDerived = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Paragraphs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BodyHtml = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentHash = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? FirstImportedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? UpdatedAt = null)
{
    public static ArticleJson Summary(Article a, TimeZoneInfo zone) =>
        new(a.Id, a.Sequence, a.Title, TimeZoneInfo.ConvertTime(a.PublishedAt, zone), a.Source, a.ChannelPath, a.Url.AbsoluteUri);

    public static ArticleJson Detail(Article a, TimeZoneInfo zone) => Summary(a, zone) with
    {
        UrlIsDerived = a.UrlIsDerived,
        Paragraphs = a.Paragraphs,
        BodyHtml = a.BodyHtml,
        ContentHash = a.ContentHash,
        FirstImportedAt = TimeZoneInfo.ConvertTime(a.FirstImportedAt, zone),
        UpdatedAt = TimeZoneInfo.ConvertTime(a.UpdatedAt, zone),
    };
}
