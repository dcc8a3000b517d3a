using InvestChn.Subscribers;

namespace InvestChn.Digests;

/// <summary>When editions are scheduled (<c>Digests:Daily:Cron</c>, <c>Digests:Weekly:Cron</c> in <c>Digests:TimeZone</c>).</summary>
public interface IEditionCalendar
{
    /// <summary>The latest scheduled time of <paramref name="frequency"/> at or before <paramref name="at"/>; null when there is none in the year before.</summary>
    DateTimeOffset? LatestAtOrBefore(DigestFrequency frequency, DateTimeOffset at);

    /// <summary>The first scheduled time of <paramref name="frequency"/> after <paramref name="at"/>; null when there is none.</summary>
    DateTimeOffset? NextAfter(DigestFrequency frequency, DateTimeOffset at);
}
