using System.Text;
using InvestChn.Articles;
using InvestChn.Subscribers;

namespace InvestChn.Digests;

/// <summary>
/// Which articles a subscriber asked for: in one of their channels (a section's slug covers its
/// sub-channels; none means all) and, when they gave keywords, containing one of them in the title
/// or body. Keywords compare after NFKC folding and ignoring case, so 'ＡＩ' finds 'AI'.
/// </summary>
public sealed class SubscriptionFilter
{
    private readonly string[] _channels;
    private readonly string[] _keywords;
    private readonly bool _unknownChannelsOnly;

    public SubscriptionFilter(Subscriber subscriber, ChannelSlugs slugs, IReadOnlyCollection<string> knownChannels)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(slugs);
        _channels = subscriber.Channels.Select(slug => slugs.PathOf(slug, knownChannels)).OfType<string>().ToArray();

        // Every channel the subscriber named has gone: they asked for something, so not for everything.
        _unknownChannelsOnly = subscriber.Channels.Count > 0 && _channels.Length == 0;
        _keywords = subscriber.Keywords.Select(Fold).Where(k => k.Length > 0).ToArray();
    }

    public bool Matches(Article article, string foldedText)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (_unknownChannelsOnly)
        {
            return false;
        }

        if (_channels.Length > 0)
        {
            var channel = article.Channel;
            if (!_channels.Any(c => channel == c || channel.StartsWith(c + Article.ChannelSeparator, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return _keywords.Length == 0 || _keywords.Any(k => foldedText.Contains(k, StringComparison.Ordinal));
    }

    /// <summary>The form keywords and article text are compared in.</summary>
    public static string Fold(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}
