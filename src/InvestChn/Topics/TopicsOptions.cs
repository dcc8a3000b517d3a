using Microsoft.Extensions.Configuration;

namespace InvestChn.Topics;

/// <summary>Configuration section <c>Topics</c>: a list of topics (name, slug, keywords).</summary>
public sealed class TopicsOptions
{
    public const string SectionName = "Topics";

    /// <summary>The topics in configuration order.</summary>
    public IList<TopicOptions> Items { get; } = [];

    /// <summary>
    /// Reads the section: an array of { Name, Slug, Keywords }, where Keywords is an array or one
    /// string separated by commas or 、 (handy in environment variables).
    /// </summary>
    internal static void Bind(IConfiguration configuration, TopicsOptions options)
    {
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            var topic = new TopicOptions
            {
                Name = child["Name"]?.Trim() ?? string.Empty,
                Slug = child["Slug"]?.Trim() ?? string.Empty,
            };
            var keywords = child.GetSection("Keywords");
            var values = keywords.Value is { } single
                ? single.Split([',', '，', '、'])
                : keywords.GetChildren().Select(k => k.Value ?? string.Empty);
            foreach (var keyword in values.Select(k => k.Trim()).Where(k => k.Length > 0))
            {
                topic.Keywords.Add(keyword);
            }

            options.Items.Add(topic);
        }
    }
}
