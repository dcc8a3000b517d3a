using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Storage;
using InvestChn.Topics;
using Microsoft.Extensions.Options;

namespace InvestChn.Feeds;

/// <summary>
/// Which feeds exist: the site-wide one, one per channel at every level of every channel path in
/// the store, and one per configured topic.
/// </summary>
public sealed class FeedCatalog(ChannelSlugs slugs, IOptions<SiteOptions> site, IOptions<TopicsOptions> topics)
{
    public IReadOnlyList<FeedDefinition> From(IEnumerable<ChannelStats> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var channel in channels.Select(c => c.Channel).Where(c => c.Length > 0))
        {
            var parts = channel.Split(Article.ChannelSeparator);
            for (var depth = 1; depth <= parts.Length; depth++)
            {
                paths.Add(string.Join(Article.ChannelSeparator, parts[..depth]));
            }
        }

        var name = site.Value.Name;
        var feeds = new List<FeedDefinition> { new(FeedDefinition.AllSlug, null, name) };
        feeds.AddRange(paths.Select(path => new FeedDefinition(slugs.For(path), path, $"{name} · {path.Replace("/", " › ", StringComparison.Ordinal)}")));
        feeds.AddRange(topics.Value.Items.Select(topic => new FeedDefinition($"{FeedDefinition.TopicFolder}/{topic.Slug}", null, $"{name} · 专题 · {topic.Name}")
        {
            TopicName = topic.Name,
            TopicKeywords = topic.Keywords.ToList(),
        }));
        return feeds;
    }
}
