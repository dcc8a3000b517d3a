using InvestChn.Delivery;
using Microsoft.Extensions.Logging;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Delivers what is due on <c>Delivery:Cron</c>: retries whose backoff ended, rows a stopped sender left behind.</summary>
[DisallowConcurrentExecution]
public sealed partial class DeliveryJob(OutboxDispatcher dispatcher, ILogger<DeliveryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await dispatcher.DrainAsync(progress: null, cancellationToken);
        Log(logger, report);
    }

    /// <summary>One line per drain that did something.</summary>
    internal static void Log(ILogger logger, DispatchReport report)
    {
        if (report.Sent + report.Deferred + report.Failed + report.Skipped + report.Released > 0)
        {
            LogDrained(logger, report.Sent, report.Deferred, report.Failed, report.Skipped, report.Released);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered: sent {Sent}, deferred {Deferred}, failed {Failed}, skipped {Skipped}, not tried {Released}")]
    private static partial void LogDrained(ILogger logger, int sent, int deferred, int failed, int skipped, int released);
}
