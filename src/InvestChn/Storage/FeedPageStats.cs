namespace InvestChn.Storage;

/// <summary>How many articles a channel (exact path) holds and the newest change among them.</summary>
public sealed record ChannelStats(string Channel, long Count, long MaxVersion);

/// <summary>
/// One archive page of a feed: its articles in import order, so a full page never changes but for
/// edits to its own articles. A page holds the same articles exactly when its first sequence number,
/// the next page's, its count and its newest change are the same.
/// </summary>
/// <param name="Page">0-based page number.</param>
/// <param name="Count">Articles on the page.</param>
/// <param name="FirstSequence">Import sequence number of the page's first article.</param>
/// <param name="MaxVersion">The newest change among its articles.</param>
public sealed record FeedPageStats(int Page, int Count, long FirstSequence, long MaxVersion);
