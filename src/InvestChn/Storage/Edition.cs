using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>One digest edition: a frequency and the scheduled time it stands for.</summary>
/// <param name="Id">Store id.</param>
/// <param name="Frequency">Daily or weekly.</param>
/// <param name="ScheduledAt">The cron time the edition belongs to (UTC).</param>
/// <param name="ThroughSequence">Newest article import sequence when the edition was created: it carries nothing imported later.</param>
/// <param name="CreatedAt">When the edition was first planned: the Date of its messages, so a resend repeats it.</param>
/// <param name="PlannedAt">When every subscriber got a delivery row; null while planning is unfinished.</param>
public sealed record Edition(long Id, DigestFrequency Frequency, DateTimeOffset ScheduledAt, long ThroughSequence, DateTimeOffset CreatedAt, DateTimeOffset? PlannedAt);
