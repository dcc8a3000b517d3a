namespace InvestChn.Feeds;

/// <summary>One feed of the set: the whole site, one channel (with the channels below it), or one topic.</summary>
/// <param name="Slug">File name without extension: <c>all</c>, the channel's slug, or <c>topic/</c> and the topic's slug.</param>
/// <param name="Channel">The channel path, or null for the whole site.</param>
/// <param name="Title">Feed title as readers show it.</param>
public sealed record FeedDefinition(string Slug, string? Channel, string Title)
{
    /// <summary>The slug of the site-wide feed.</summary>
    public const string AllSlug = "all";

    /// <summary>The folder of topic feeds: <c>topic/{slug}.rss</c>.</summary>
    public const string TopicFolder = "topic";

    /// <summary>The topic's name, for a topic feed.</summary>
    public string? TopicName { get; init; }

    /// <summary>The topic's keywords (an article with any of them belongs); null for channel feeds.</summary>
    public IReadOnlyList<string>? TopicKeywords { get; init; }

    /// <summary>True for a topic feed.</summary>
    public bool IsTopic => TopicKeywords is not null;

    /// <summary>The channel path as readers see it: <c>开发区新闻 › 文字新闻</c>.</summary>
    public string? ChannelLabel => Channel?.Replace("/", " › ", StringComparison.Ordinal);

    /// <summary>True when an article in <paramref name="channel"/> belongs in this feed.</summary>
    public bool Contains(string channel) =>
        IsTopic ||
        Channel is null ||
        channel == Channel ||
        (channel.Length > Channel.Length && channel[Channel.Length] == InvestChn.Articles.Article.ChannelSeparator && channel.StartsWith(Channel, StringComparison.Ordinal));
}
