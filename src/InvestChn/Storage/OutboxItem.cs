using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>A claimed outbox row with what is needed to build and send its message.</summary>
/// <param name="DeliveryId">Row id.</param>
/// <param name="Edition">The edition the digest belongs to; null for a confirmation email.</param>
/// <param name="Subscriber">The recipient as stored now (status included: someone who left since planning is skipped).</param>
/// <param name="ArticleSequences">The articles chosen at planning.</param>
/// <param name="MessageId">Message-ID of every (re)send.</param>
/// <param name="Attempts">Tries so far, this one included.</param>
/// <param name="LeaseUntil">The row is this sender's until then.</param>
public sealed record OutboxItem(
    long DeliveryId,
    Edition? Edition,
    Subscriber Subscriber,
    IReadOnlyList<long> ArticleSequences,
    string MessageId,
    int Attempts,
    DateTimeOffset LeaseUntil)
{
    /// <summary>Those of <see cref="ArticleSequences"/> that go out again because they changed (the digest marks them 更新).</summary>
    public IReadOnlySet<long> UpdatedSequences { get; init; } = new HashSet<long>();

    /// <summary>A digest or a confirmation email.</summary>
    public OutboxKind Kind { get; init; } = OutboxKind.Digest;

    /// <summary>When the row was written (a confirmation link counts its life from then).</summary>
    public DateTimeOffset QueuedAt { get; init; }
}
