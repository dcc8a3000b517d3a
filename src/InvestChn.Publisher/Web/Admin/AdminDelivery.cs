using InvestChn.Publisher.Commands;
using InvestChn.Storage;
using InvestChn.Subscribers;

namespace InvestChn.Publisher.Web.Admin;

/// <summary>One outbox row as the admin API shows it (the same fields as <c>deliveries list --json</c>).</summary>
internal sealed record AdminDelivery(
    long Id,
    string Edition,
    DateTimeOffset ScheduledAt,
    long SubscriberId,
    string Email,
    string Status,
    string Outcome,
    int ArticleCount,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? Reason,
    string? LastReply,
    string MessageId,
    DateTimeOffset? SentAt)
{
    public static AdminDelivery From(DeliveryRecord r) => new(
        r.Id,
        Names.Of(r.Frequency),
        r.ScheduledAt,
        r.SubscriberId,
        r.Email,
        DeliveryStatusNames.Of(r.Status),
        DeliveriesCommand.Outcome(r),
        r.ArticleCount,
        r.Attempts,
        r.Status == DeliveryStatus.Deferred ? r.NextAttemptAt : null,
        r.Reason,
        r.LastReply,
        r.MessageId,
        r.SentAt);
}
