using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>An outbox row joined with its edition and subscriber as both stores' queries return it, and its record.</summary>
internal sealed class DeliveryRecordRow
{
    public long Id { get; set; }

    public string Frequency { get; set; } = "";

    public long ScheduledAt { get; set; }

    public long SubscriberId { get; set; }

    public string Email { get; set; } = "";

    public string Status { get; set; } = "";

    public long ArticleCount { get; set; }

    public long Attempts { get; set; }

    public long NextAttemptAt { get; set; }

    public string? Reason { get; set; }

    public string? LastReply { get; set; }

    public string MessageId { get; set; } = "";

    public long UpdatedAt { get; set; }

    public long? SentAt { get; set; }

    public DeliveryRecord ToRecord() => new(
        Id,
        Names.ParseFrequency(Frequency),
        DateTimeOffset.FromUnixTimeMilliseconds(ScheduledAt),
        SubscriberId,
        Email,
        DeliveryStatusNames.TryParse(Status, out var status) ? status.Value : throw new FormatException($"unknown delivery status '{Status}'"),
        (int)ArticleCount,
        (int)Attempts,
        DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAt),
        Reason,
        LastReply,
        MessageId,
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        SentAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null);
}
