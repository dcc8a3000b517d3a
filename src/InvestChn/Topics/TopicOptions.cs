namespace InvestChn.Topics;

/// <summary>One configured topic: a feed of the articles that match any of its keywords.</summary>
public sealed class TopicOptions
{
    /// <summary>Name readers see, e.g. 临安招商.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>ASCII file name of the feeds: <c>/feeds/topic/{Slug}.rss|.atom|.json</c>.</summary>
    public string Slug { get; set; } = string.Empty;

    /// <summary>Keywords, matched on segmented terms (with synonyms) like subscribers' keywords.</summary>
    public IList<string> Keywords { get; } = [];
}
