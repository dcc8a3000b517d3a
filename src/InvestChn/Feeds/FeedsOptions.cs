namespace InvestChn.Feeds;

/// <summary>How feeds are built (section <c>Feeds</c>).</summary>
public sealed class FeedsOptions
{
    public const string SectionName = "Feeds";

    /// <summary>Folder the feed files are written to and served from.</summary>
    public string OutputDirectory { get; set; } = "out/feeds";

    /// <summary>Items in a subscription feed, and in each archive page.</summary>
    public int MaxItems { get; set; } = 50;

    /// <summary>Longest summary, in characters; cut at the last sentence end before it.</summary>
    public int ExcerptLength { get; set; } = 120;

    /// <summary>When <c>run</c> rebuilds the feeds (Quartz cron, seconds first); imports rebuild them too.</summary>
    public string Cron { get; set; } = "0 */10 * * * ?";

    /// <summary>
    /// The authority and date of the <c>tag:</c> URIs that identify feeds and items (RFC 4151);
    /// never change it once readers have subscribed, or every item looks new.
    /// </summary>
    public string TagAuthority { get; set; } = "investchn.com,2015";
}
