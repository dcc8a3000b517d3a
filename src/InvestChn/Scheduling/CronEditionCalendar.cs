using InvestChn.Digests;
using InvestChn.Subscribers;
using Microsoft.Extensions.Options;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Edition times from the <c>Digests</c> cron expressions, read with Quartz's own parser so they match the triggers exactly.</summary>
public sealed class CronEditionCalendar : IEditionCalendar
{
    /// <summary>How far back <see cref="LatestAtOrBefore"/> looks: a year and some.</summary>
    private static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(400);

    private readonly CronExpression _daily;
    private readonly CronExpression _weekly;

    public CronEditionCalendar(IOptions<DigestsOptions> options)
    {
        var digests = options.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(digests.TimeZone);
        _daily = new CronExpression(digests.Daily.Cron, zone);
        _weekly = new CronExpression(digests.Weekly.Cron, zone);
    }

    public DateTimeOffset? LatestAtOrBefore(DigestFrequency frequency, DateTimeOffset at)
    {
        var cron = For(frequency);

        // Quartz only looks forward: walk forward from ever further back until a time is found.
        // Doubling alone stops at 256 days; the last window is the whole look-back, so a year is covered.
        for (var window = TimeSpan.FromDays(1); ; window = window * 2 < MaxLookBack ? window * 2 : MaxLookBack)
        {
            DateTimeOffset? latest = null;
            var next = cron.GetNextValidTimeAfter(at - window);
            while (next is { } time && time <= at)
            {
                latest = time;
                next = cron.GetNextValidTimeAfter(time);
            }

            if (latest is not null || window >= MaxLookBack)
            {
                return latest;
            }
        }
    }

    public DateTimeOffset? NextAfter(DigestFrequency frequency, DateTimeOffset at) => For(frequency).GetNextValidTimeAfter(at);

    private CronExpression For(DigestFrequency frequency) => frequency == DigestFrequency.Daily ? _daily : _weekly;
}
