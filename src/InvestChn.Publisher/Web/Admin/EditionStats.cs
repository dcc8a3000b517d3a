namespace InvestChn.Publisher.Web.Admin;

/// <summary>One edition in <see cref="AdminStats"/>.</summary>
internal sealed record EditionStats(long Id, string Frequency, DateTimeOffset ScheduledAt, DateTimeOffset? PlannedAt, IReadOnlyDictionary<string, long> Deliveries);
