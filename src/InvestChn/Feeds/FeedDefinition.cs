namespace InvestChn.Feeds;

/// <summary>One feed of the set: the whole site, or one channel (with the channels below it).</summary>
/// <param name="Slug">File name without extension: <c>all</c> or the channel's slug.</param>
/// <param name="Channel">The channel path, or null for the whole site.</param>
/// <param name="Title">Feed title as readers show it.</param>
public sealed record FeedDefinition(string Slug, string? Channel, string Title)
{
    /// <summary>The slug of the site-wide feed.</summary>
    public const string AllSlug = "all";

    /// <summary>The channel path as readers see it: <c>开发区新闻 › 文字新闻</c>.</summary>
    public string? ChannelLabel => Channel?.Replace("/", " › ", StringComparison.Ordinal);

    /// <summary>True when an article in <paramref name="channel"/> belongs in this feed.</summary>
    public bool Contains(string channel) =>
        Channel is null ||
        channel == Channel ||
        (channel.Length > Channel.Length && channel[Channel.Length] == InvestChn.Articles.Article.ChannelSeparator && channel.StartsWith(Channel, StringComparison.Ordinal));
}
