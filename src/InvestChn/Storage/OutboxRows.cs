using System.Globalization;
using InvestChn.Subscribers;

namespace InvestChn.Storage;

// Rows of the outbox as both stores read them (the same column names on SQLite and PostgreSQL).

/// <summary>An edition row (with more columns in queries that add them).</summary>
internal class EditionRow
{
    public long Id { get; set; }

    public string Frequency { get; set; } = "";

    public long ScheduledAt { get; set; }

    public long ThroughSequence { get; set; }

    public long CreatedAt { get; set; }

    public long? PlannedAt { get; set; }

    public Edition ToEdition() => new(
        Id,
        Names.ParseFrequency(Frequency),
        DateTimeOffset.FromUnixTimeMilliseconds(ScheduledAt),
        ThroughSequence,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        PlannedAt is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null);
}

/// <summary>A claimed outbox row with its edition (none for a confirmation email).</summary>
internal sealed class ClaimRow
{
    public long DeliveryId { get; set; }

    public string Articles { get; set; } = "";

    public string UpdatedArticles { get; set; } = "";

    public string MessageId { get; set; } = "";

    public long Attempts { get; set; }

    public long LeaseUntil { get; set; }

    public string Kind { get; set; } = "";

    public long QueuedAt { get; set; }

    public long? EditionId { get; set; }

    public string? EditionFrequency { get; set; }

    public long? ScheduledAt { get; set; }

    public long? ThroughSequence { get; set; }

    public long? EditionCreatedAt { get; set; }

    public long? PlannedAt { get; set; }

    /// <summary>Article sequences as the outbox stores them: comma-separated, empty for none.</summary>
    public static List<long> ParseSequences(string text) =>
        text.Length == 0 ? [] : text.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();

    public OutboxItem ToItem(Subscriber subscriber)
    {
        // A confirmation email has no edition: the outer join leaves its columns null.
        var edition = EditionId is { } editionId
            ? new EditionRow
            {
                Id = editionId, Frequency = EditionFrequency!, ScheduledAt = ScheduledAt!.Value, ThroughSequence = ThroughSequence!.Value,
                CreatedAt = EditionCreatedAt!.Value, PlannedAt = PlannedAt,
            }.ToEdition()
            : null;
        return new OutboxItem(DeliveryId, edition, subscriber, ParseSequences(Articles), MessageId, (int)Attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(LeaseUntil))
        {
            Kind = Kind == "confirm" ? OutboxKind.Confirmation : OutboxKind.Digest,
            QueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(QueuedAt),
            UpdatedSequences = ParseSequences(UpdatedArticles).ToHashSet(),
        };
    }
}

/// <summary>One result waiting to be written, and its caller's wait.</summary>
internal sealed class PendingResult(DeliveryResult result, string owner, int bounceLimit)
{
    public DeliveryResult Result { get; } = result;

    public string Owner { get; } = owner;

    public int BounceLimit { get; } = bounceLimit;

    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
