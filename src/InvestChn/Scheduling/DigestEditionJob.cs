using InvestChn.Delivery;
using InvestChn.Digests;
using InvestChn.Subscribers;
using Microsoft.Extensions.Logging;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>
/// Plans the edition of one frequency that is due at the trigger's scheduled time, then delivers.
/// Also runs once at start: after downtime, the one edition due now covers the missed time.
/// Planning is idempotent, so a second firing (or a second node) changes nothing.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class DigestEditionJob(DigestPlanner planner, OutboxDispatcher dispatcher, TimeProvider time, ILogger<DigestEditionJob> logger) : IJob
{
    /// <summary>The job data key holding the frequency (<c>daily</c> or <c>weekly</c>).</summary>
    public const string FrequencyKey = "frequency";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var frequency = Names.ParseFrequency(context.MergedJobDataMap.GetString(FrequencyKey) ?? "daily");
        var now = time.GetUtcNow();
        var due = context.ScheduledFireTimeUtc is { } scheduled && scheduled <= now ? scheduled : now;
        await planner.PlanAsync(frequency, due, cancellationToken);
        var report = await dispatcher.DrainAsync(progress: null, cancellationToken);
        DeliveryJob.Log(logger, report);
    }
}
