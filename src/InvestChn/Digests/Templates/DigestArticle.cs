namespace InvestChn.Digests.Templates;

/// <summary>One article in a digest.</summary>
public sealed class DigestArticle
{
    /// <summary>Position in the digest from 1; <c>a{Number}</c> is the article's anchor for the headline list.</summary>
    public required int Number { get; init; }

    /// <summary>Anchor name, e.g. a3.</summary>
    public string Anchor => "a" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Headline.</summary>
    public required string Title { get; init; }

    /// <summary>The article on the site.</summary>
    public required string Url { get; init; }

    /// <summary>Publication date as the site writes it, e.g. 2026-11-27.</summary>
    public required string Date { get; init; }

    /// <summary>Publication time in <c>Digests:TimeZone</c>.</summary>
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>来源; may be empty.</summary>
    public required string Source { get; init; }

    /// <summary>Channel name, e.g. 政策法规 › 地方政策.</summary>
    public required string Channel { get; init; }

    /// <summary>The opening sentences as plain text (cut at a sentence end).</summary>
    public required string Excerpt { get; init; }

    /// <summary>The whole body as sanitised HTML (safe for <c>@Raw</c>).</summary>
    public required string BodyHtml { get; init; }

    /// <summary>True when the recipient was sent this article before and it has changed since (shown as 更新).</summary>
    public bool Updated { get; init; }

    /// <summary>The mark an updated article carries, for templates: 更新, or empty.</summary>
    public string UpdateMark => Updated ? "更新" : string.Empty;
}
