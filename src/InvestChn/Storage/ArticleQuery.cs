namespace InvestChn.Storage;

/// <summary>Which articles to list.</summary>
/// <param name="Channel">A channel path (<c>开发区新闻</c> or <c>开发区新闻/文字新闻</c>); matches it and the channels below it. Null: all.</param>
/// <param name="Limit">At most this many.</param>
public sealed record ArticleQuery(string? Channel = null, int Limit = 50);
