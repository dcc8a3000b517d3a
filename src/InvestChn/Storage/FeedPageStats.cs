namespace InvestChn.Storage;

/// <summary>How many articles a channel (exact path) holds and the newest change among them.</summary>
public sealed record ChannelStats(string Channel, long Count, long MaxVersion);

/// <summary>
/// One page of a feed's articles in published order (oldest first): enough to tell whether the
/// page changed without reading it. A page's articles are the same exactly when its first id, the
/// next page's first id, its count and its newest change are.
/// </summary>
/// <param name="Page">0-based page number.</param>
/// <param name="Count">Articles on the page.</param>
/// <param name="FirstId">The oldest article's id.</param>
/// <param name="FirstPublishedAt">The oldest article's publication time: with <paramref name="FirstId"/>, where the page starts.</param>
/// <param name="MaxVersion">The newest change among its articles.</param>
public sealed record FeedPageStats(int Page, int Count, string FirstId, DateTimeOffset FirstPublishedAt, long MaxVersion);
