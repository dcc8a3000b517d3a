using InvestChn.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InvestChn.Scheduling;

/// <summary>In a cluster, hands the feeds this node just built to the database, from which every node serves them; alone, does nothing (the files are served).</summary>
public sealed class ClusterFeeds(IOptions<SchedulingOptions> options, IServiceProvider services)
{
    /// <summary>True when <c>Scheduling:Clustered</c> is on: feeds are served from the database.</summary>
    public bool Enabled => options.Value.Clustered;

    /// <summary>Stores the built feeds when clustered.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken = default)
    {
        if (Enabled)
        {
            await services.GetRequiredService<FeedPublisher>().PublishAsync(cancellationToken);
        }
    }
}
