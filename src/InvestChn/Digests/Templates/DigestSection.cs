namespace InvestChn.Digests.Templates;

/// <summary>The articles of one channel in a digest.</summary>
public sealed class DigestSection
{
    /// <summary>Channel name as the site shows it, e.g. 开发区新闻 › 文字新闻.</summary>
    public required string Channel { get; init; }

    /// <summary>The channel's feed slug, e.g. zone-news-text.</summary>
    public required string Slug { get; init; }

    /// <summary>The channel's articles, newest first.</summary>
    public required IReadOnlyList<DigestArticle> Articles { get; init; }
}
