namespace InvestChn.Storage;

/// <summary>Just enough of an article to order it in a feed and to tell whether it changed.</summary>
/// <param name="Id">The article's id.</param>
/// <param name="PublishedAt">Publication time, UTC.</param>
/// <param name="Version">Store-wide change counter; greater after any change to the article.</param>
public sealed record ArticleStamp(string Id, DateTimeOffset PublishedAt, long Version);

/// <summary>How many articles a channel (exact path) holds and the newest change among them.</summary>
public sealed record ChannelStats(string Channel, long Count, long MaxVersion);
