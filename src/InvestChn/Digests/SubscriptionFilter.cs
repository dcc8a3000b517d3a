using InvestChn.Articles;
using InvestChn.Subscribers;
using InvestChn.Text;

namespace InvestChn.Digests;

/// <summary>
/// Which articles a subscriber asked for: in one of their channels (a section's slug covers its
/// sub-channels; none means all) and, when they gave keywords, having one of them among the
/// article's segmented terms. A keyword is segmented the same way and matches when the article has
/// all of its terms, so 开发 does not find 开发区, while synonyms (招引 = 招商引资) and full-width
/// or upper-case forms (ＡＩ, ai) do find each other.
/// </summary>
public sealed class SubscriptionFilter
{
    private readonly string[] _channels;
    private readonly (string Keyword, IReadOnlyList<string> Terms)[] _keywords;
    private readonly bool _unknownChannelsOnly;

    public SubscriptionFilter(Subscriber subscriber, ChannelSlugs slugs, IReadOnlyCollection<string> knownChannels, TermSegmenter segmenter)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(slugs);
        ArgumentNullException.ThrowIfNull(segmenter);
        _channels = subscriber.Channels.Select(slug => slugs.PathOf(slug, knownChannels)).OfType<string>().ToArray();

        // Every channel the subscriber named has gone: they asked for something, so not for everything.
        _unknownChannelsOnly = subscriber.Channels.Count > 0 && _channels.Length == 0;
        _keywords = subscriber.Keywords
            .Select(k => (Keyword: k, Terms: segmenter.KeywordTerms(k)))
            .Where(k => k.Terms.Count > 0)
            .ToArray();
    }

    /// <summary>True when the subscriber wants <paramref name="article"/>, whose terms are <paramref name="terms"/>.</summary>
    public bool Matches(Article article, ArticleTerms terms) => InChannels(article) && (_keywords.Length == 0 || MatchedKeyword(terms) is not null);

    /// <summary>The first of the subscriber's keywords (as they wrote it) that <paramref name="terms"/> match; null for none.</summary>
    public string? MatchedKeyword(ArticleTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        foreach (var (keyword, keywordTerms) in _keywords)
        {
            if (keywordTerms.All(terms.Contains))
            {
                return keyword;
            }
        }

        return null;
    }

    private bool InChannels(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (_unknownChannelsOnly)
        {
            return false;
        }

        if (_channels.Length > 0)
        {
            var channel = article.Channel;
            return _channels.Any(c => channel == c || channel.StartsWith(c + Article.ChannelSeparator, StringComparison.Ordinal));
        }

        return true;
    }

    /// <summary>The form keywords and article text are compared in.</summary>
    public static string Fold(string text) => ProjectLexicon.Fold(text);
}
