using InvestChn.Articles;

namespace InvestChn.Feeds;

/// <summary>
/// One document of a feed: the subscription document (newest items) or an archive page
/// (RFC 5005), with the articles it lists, newest first, and its paging links.
/// </summary>
/// <param name="Feed">Which feed.</param>
/// <param name="ArchivePage">1-based archive page number (oldest is 1), or null for the subscription document.</param>
/// <param name="Articles">The articles, newest first.</param>
/// <param name="PreviousArchivePage">The next older archive page, if any.</param>
/// <param name="NextArchivePage">The next newer archive page, if any (archive pages only).</param>
public sealed record FeedDocument(
    FeedDefinition Feed,
    int? ArchivePage,
    IReadOnlyList<Article> Articles,
    int? PreviousArchivePage,
    int? NextArchivePage)
{
    /// <summary>The file of this document in <paramref name="format"/>, relative to the output folder.</summary>
    public string FileName(FeedFormat format) => FileName(Feed.Slug, ArchivePage, format);

    public static string FileName(string slug, int? archivePage, FeedFormat format) => archivePage is { } page
        ? $"archive/{slug}-{page}{format.Extension()}"
        : slug + format.Extension();
}

/// <summary>The formats every feed is written in.</summary>
public enum FeedFormat
{
    Rss,
    Atom,
    Json,
}

/// <summary>File extensions and media types of <see cref="FeedFormat"/>.</summary>
public static class FeedFormats
{
    public static IReadOnlyList<FeedFormat> All { get; } = [FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json];

    public static string Extension(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => ".rss",
        FeedFormat.Atom => ".atom",
        _ => ".json",
    };

    public static string MediaType(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml",
        FeedFormat.Atom => "application/atom+xml",
        _ => "application/feed+json",
    };
}
