using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>One outbox row as <c>deliveries list</c> shows it.</summary>
public sealed record DeliveryRecord(
    long Id,
    DigestFrequency Frequency,
    DateTimeOffset ScheduledAt,
    long SubscriberId,
    string Email,
    DeliveryStatus Status,
    int ArticleCount,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? Reason,
    string? LastReply,
    string MessageId,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SentAt);
