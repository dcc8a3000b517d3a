using InvestChn.Feeds;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Rebuilds the feeds on <c>Feeds:Cron</c>; a store that did not change costs one query.</summary>
[DisallowConcurrentExecution]
public sealed class FeedBuildJob(FeedBuilder builder) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await builder.BuildAsync(force: false, cancellationToken);
}
