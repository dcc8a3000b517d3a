using InvestChn.Digests;
using InvestChn.Scheduling;
using InvestChn.Subscribers;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Digests;

/// <summary>Edition times of the default schedules (08:00 daily, 08:00 on Mondays, in Asia/Shanghai).</summary>
public class CronEditionCalendarTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static readonly CronEditionCalendar Calendar = new(Options.Create(new DigestsOptions()));

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0, int second = 0, int millisecond = 0) =>
        new(2026, month, day, hour, minute, second, millisecond, Shanghai);

    [Fact]
    public void LatestAtOrBefore_DailyExactlyAtTheFireTime_ReturnsThatTime()
    {
        var latest = Calendar.LatestAtOrBefore(DigestFrequency.Daily, At(11, 28, 8));

        Assert.Equal(At(11, 28, 8), latest);
    }

    [Fact]
    public void LatestAtOrBefore_DailyGivenInUtc_ReadsTheScheduleInShanghai()
    {
        var latest = Calendar.LatestAtOrBefore(DigestFrequency.Daily, new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(At(11, 28, 8), latest);
    }

    [Fact]
    public void LatestAtOrBefore_DailyJustBeforeTheFireTime_ReturnsThePreviousDay()
    {
        var latest = Calendar.LatestAtOrBefore(DigestFrequency.Daily, At(11, 28, 7, 59, 59, 999));

        Assert.Equal(At(11, 27, 8), latest);
    }

    [Fact]
    public void LatestAtOrBefore_DailyLaterInTheDay_ReturnsThatMorning()
    {
        var latest = Calendar.LatestAtOrBefore(DigestFrequency.Daily, At(11, 28, 23, 59, 59));

        Assert.Equal(At(11, 28, 8), latest);
    }

    [Fact]
    public void LatestAtOrBefore_WeeklyExactlyAtTheFireTime_ReturnsThatMonday()
    {
        var latest = Calendar.LatestAtOrBefore(DigestFrequency.Weekly, At(11, 30, 8));

        Assert.Equal(At(11, 30, 8), latest);
    }

    [Fact]
    public void LatestAtOrBefore_WeeklyJustBeforeTheFireTime_ReturnsTheMondayBefore()
    {
        var latest = Calendar.LatestAtOrBefore(DigestFrequency.Weekly, At(11, 30, 7, 59, 59));

        Assert.Equal(At(11, 23, 8), latest);
    }

    [Fact]
    public void NextAfter_DailyExactlyAtTheFireTime_ReturnsTheNextDay()
    {
        var next = Calendar.NextAfter(DigestFrequency.Daily, At(11, 28, 8));

        Assert.Equal(At(11, 29, 8), next);
    }

    [Fact]
    public void NextAfter_DailyJustBeforeTheFireTime_ReturnsThatMorning()
    {
        var next = Calendar.NextAfter(DigestFrequency.Daily, At(11, 28, 7, 59, 59));

        Assert.Equal(At(11, 28, 8), next);
    }

    [Fact]
    public void NextAfter_WeeklyExactlyAtTheFireTime_ReturnsTheNextMonday()
    {
        var next = Calendar.NextAfter(DigestFrequency.Weekly, At(11, 30, 8));

        Assert.Equal(At(12, 7, 8), next);
    }

    [Fact]
    public void NextAfter_WeeklyJustBeforeTheFireTime_ReturnsThatMonday()
    {
        var next = Calendar.NextAfter(DigestFrequency.Weekly, At(11, 30, 7, 59, 59));

        Assert.Equal(At(11, 30, 8), next);
    }

    [Fact]
    public void LatestAtOrBefore_ScheduleElevenMonthsBack_IsFoundWithinTheYear()
    {
        var calendar = new CronEditionCalendar(Options.Create(new DigestsOptions { Weekly = new EditionSchedule { Cron = "0 0 8 1 1 ?" } }));

        var latest = calendar.LatestAtOrBefore(DigestFrequency.Weekly, At(11, 28, 8));

        Assert.Equal(At(1, 1, 8), latest);
    }
}
