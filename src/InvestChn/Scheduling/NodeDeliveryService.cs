using InvestChn.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>
/// In a cluster, every node drains the shared outbox on <c>Delivery:Cron</c>: a clustered Quartz
/// trigger would fire on one node only, while claiming with SKIP LOCKED lets all of them send at
/// once. A node that dies leaves its leased rows to the others once the lease ends.
/// </summary>
public sealed partial class NodeDeliveryService(
    OutboxDispatcher dispatcher,
    IOptions<DeliveryOptions> delivery,
    IOptions<Digests.DigestsOptions> digests,
    TimeProvider time,
    ILogger<NodeDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = new CronExpression(delivery.Value.Cron, TimeZoneInfo.FindSystemTimeZoneById(digests.Value.TimeZone));
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = cron.GetNextValidTimeAfter(now) ?? now.AddMinutes(1);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                var report = await dispatcher.DrainAsync(progress: null, stoppingToken);
                DeliveryJob.Log(logger, report);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; rows this node leased come back after their lease.
                LogDrainFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery on this node failed; trying again at the next Delivery:Cron")]
    private partial void LogDrainFailed(Exception exception);
}
