using InvestChn.Feeds;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Rebuilds the feeds on <c>Feeds:Cron</c> (in a cluster on one node, which stores them for all); a store that did not change costs one query.</summary>
[DisallowConcurrentExecution]
public sealed class FeedBuildJob(FeedBuilder builder, ClusterFeeds cluster) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await builder.BuildAsync(force: false, cancellationToken);
        await cluster.PublishAsync(cancellationToken);
    }
}
