using InvestChn.Articles;
using InvestChn.Subscribers;

namespace InvestChn.Digests;

/// <summary>The articles an edition may carry, each with its text folded once for keyword matching.</summary>
public sealed class DigestCandidates
{
    private readonly List<(Article Article, string Folded)> _articles;

    public DigestCandidates(IEnumerable<Article> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        _articles = articles.Select(a => (a, SubscriptionFilter.Fold(a.Title + "\n" + a.BodyText))).ToList();
        Channels = _articles.Select(a => a.Article.Channel).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The channel paths among the candidates.</summary>
    public IReadOnlyCollection<string> Channels { get; }

    /// <summary>
    /// What one subscriber gets: articles imported after their cursor that match their filter,
    /// newest first (published, then import order), at most <paramref name="max"/>.
    /// </summary>
    public IReadOnlyList<Article> Select(Subscriber subscriber, SubscriptionFilter filter, int max)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(filter);
        return _articles
            .Where(a => a.Article.Sequence > subscriber.CursorSequence && filter.Matches(a.Article, a.Folded))
            .Select(a => a.Article)
            .OrderByDescending(a => a.PublishedAt)
            .ThenByDescending(a => a.Sequence)
            .Take(max)
            .ToList();
    }
}
