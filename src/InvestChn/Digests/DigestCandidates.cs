using InvestChn.Articles;
using InvestChn.Subscribers;
using InvestChn.Text;

namespace InvestChn.Digests;

/// <summary>
/// The articles an edition may carry, each with its terms under the current dictionary: new
/// articles (imported in the edition's range) and updated ones (changed after their first import,
/// which go to subscribers who were sent them before the change).
/// </summary>
public sealed class DigestCandidates
{
    private readonly List<(Article Article, ArticleTerms Terms)> _articles;
    private readonly List<(Article Article, ArticleTerms Terms)> _updated;

    public DigestCandidates(IEnumerable<Article> articles, TermSegmenter segmenter, IEnumerable<Article>? updated = null)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(segmenter);
        var hash = segmenter.DictionaryHash;

        // Terms cut with an older dictionary (no reindex yet) are cut again here, so matching always
        // follows the dictionary as it is now.
        (Article, ArticleTerms) WithTerms(Article a) => (a, a.TermsDictionary == hash ? a.Terms : segmenter.Terms(a.Title, a.BodyText));
        _articles = articles.Select(WithTerms).ToList();
        _updated = (updated ?? []).Select(WithTerms).ToList();
        Channels = _articles.Select(a => a.Article.Channel).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The channel paths among the new candidates.</summary>
    public IReadOnlyCollection<string> Channels { get; }

    /// <summary>True when some updated article may go out again.</summary>
    public bool HasUpdates => _updated.Count > 0;

    /// <summary>The import sequences of the updated articles.</summary>
    public IReadOnlyCollection<long> UpdatedSequences => _updated.Select(u => u.Article.Sequence).ToList();

    /// <summary>The earliest first import among the updated articles (no delivery before it can hold one).</summary>
    public DateTimeOffset? EarliestUpdatedImport => _updated.Count == 0 ? null : _updated.Min(u => u.Article.FirstImportedAt);

    /// <summary>
    /// What one subscriber gets: articles imported after their cursor that match their filter,
    /// newest first (published, then import order), at most <paramref name="max"/>.
    /// </summary>
    public IReadOnlyList<Article> Select(Subscriber subscriber, SubscriptionFilter filter, int max) =>
        Choose(subscriber, filter, max, null).Articles;

    /// <summary>
    /// The new articles as <see cref="Select"/> picks them, then, up to <paramref name="max"/> in
    /// all, the matching articles that <paramref name="offered"/> (import sequence to the time the
    /// subscriber was last sent it) shows were sent before their latest change.
    /// </summary>
    public DigestSelection Choose(Subscriber subscriber, SubscriptionFilter filter, int max, IReadOnlyDictionary<long, DateTimeOffset>? offered)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(filter);
        var matched = new Dictionary<long, string>();

        bool Wanted((Article Article, ArticleTerms Terms) a)
        {
            if (!filter.Matches(a.Article, a.Terms))
            {
                return false;
            }

            if (filter.MatchedKeyword(a.Terms) is { } keyword)
            {
                matched[a.Article.Sequence] = keyword;
            }

            return true;
        }

        var fresh = _articles
            .Where(a => a.Article.Sequence > subscriber.CursorSequence && Wanted(a))
            .Select(a => a.Article)
            .OrderByDescending(a => a.PublishedAt)
            .ThenByDescending(a => a.Sequence)
            .Take(max)
            .ToList();

        var updated = new List<Article>();
        if (offered is not null && fresh.Count < max)
        {
            var taken = fresh.Select(a => a.Sequence).ToHashSet();
            updated = _updated
                .Where(u => !taken.Contains(u.Article.Sequence) &&
                            offered.TryGetValue(u.Article.Sequence, out var sentAt) && u.Article.UpdatedAt > sentAt &&
                            Wanted(u))
                .Select(u => u.Article)
                .OrderByDescending(a => a.PublishedAt)
                .ThenByDescending(a => a.Sequence)
                .Take(max - fresh.Count)
                .ToList();
        }

        var all = fresh.Concat(updated).ToList();
        var listed = all.Select(a => a.Sequence).ToHashSet();
        return new DigestSelection(
            all,
            updated.Select(a => a.Sequence).ToHashSet(),
            matched.Where(p => listed.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value));
    }
}
