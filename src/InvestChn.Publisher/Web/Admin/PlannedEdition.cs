namespace InvestChn.Publisher.Web.Admin;

/// <summary>What planning one edition did.</summary>
/// <param name="Frequency"><c>daily</c> or <c>weekly</c>.</param>
/// <param name="EditionId">The edition; null when no edition is scheduled before the requested time.</param>
/// <param name="ScheduledAt">The edition's scheduled time.</param>
/// <param name="ToSend">New rows with a digest to send.</param>
/// <param name="Skipped">New rows with nothing new to send.</param>
/// <param name="AlreadyPlanned">Planned before: nothing changed.</param>
internal sealed record PlannedEdition(string Frequency, long? EditionId, DateTimeOffset? ScheduledAt, int ToSend, int Skipped, bool AlreadyPlanned);
