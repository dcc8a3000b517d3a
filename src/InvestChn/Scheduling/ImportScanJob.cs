using InvestChn.Articles;
using InvestChn.Feeds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Imports <c>Import:Directory</c> on the <c>Import:Cron</c> schedule (and at start), then brings the feeds up to date; at start, then plans the editions due.</summary>
[DisallowConcurrentExecution]
public sealed partial class ImportScanJob(ArticleImporter importer, FeedBuilder feeds, ClusterFeeds cluster, IOptions<ImportOptions> options, ILogger<ImportScanJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = options.Value.Directory;
        if (Directory.Exists(directory))
        {
            var report = await importer.ImportAsync([directory], progress: null, cancellationToken);
            foreach (var item in report.Items.Where(i => i.Outcome == ImportOutcome.Rejected))
            {
                LogRejected(item.Path, item.Reason);
            }
        }
        else
        {
            LogMissingDirectory(directory);
        }

        // Also when nothing was imported: the first scan after a restart brings feeds written
        // under other settings up to date, and an unchanged store costs one query.
        await feeds.BuildAsync(force: false, cancellationToken);
        await cluster.PublishAsync(cancellationToken);

        // The worker's first scan is followed by the editions due now, so that after downtime
        // the catch-up digest carries what this scan just imported.
        if (context.Trigger.Key.Equals(SchedulingServiceCollectionExtensions.ImportScanAtStart))
        {
            foreach (var job in SchedulingServiceCollectionExtensions.DigestJobs)
            {
                await context.Scheduler.TriggerJob(job, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import:Directory '{Directory}' is not a folder; nothing imported")]
    private partial void LogMissingDirectory(string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Path}: {Reason}")]
    private partial void LogRejected(string path, string? reason);
}
