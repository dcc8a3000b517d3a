using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>Editions and the outbox; one implementation per database. Every write is safe to repeat and to run on two nodes at once.</summary>
public interface IDigestStore
{
    /// <summary>The edition of (<paramref name="frequency"/>, <paramref name="scheduledAt"/>), created if new (the unique key makes a second creation find the first).</summary>
    Task<Edition> OpenEditionAsync(DigestFrequency frequency, DateTimeOffset scheduledAt, CancellationToken cancellationToken = default);

    /// <summary>The newest edition of <paramref name="frequency"/>, or null.</summary>
    Task<Edition?> FindLatestEditionAsync(DigestFrequency frequency, CancellationToken cancellationToken = default);

    /// <summary>The lowest cursor among active subscribers of <paramref name="frequency"/> (null when there are none).</summary>
    Task<long?> GetLowestCursorAsync(DigestFrequency frequency, CancellationToken cancellationToken = default);

    /// <summary>Active subscribers of the edition's frequency with id above <paramref name="afterId"/> and no row in the edition yet, by id.</summary>
    Task<IReadOnlyList<Subscriber>> ListUnplannedAsync(Edition edition, long afterId, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the rows (one transaction); a subscriber who already has a row in the edition is left
    /// as is. Each subscriber whose row is new has their cursor moved up to the edition's
    /// <see cref="Edition.ThroughSequence"/>. Returns the subscribers whose row is new (a node
    /// planning the same edition at the same time wrote the others).
    /// </summary>
    Task<IReadOnlySet<long>> AddDeliveriesAsync(Edition edition, IReadOnlyList<PlannedDelivery> deliveries, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each of <paramref name="subscriberIds"/>, when each of <paramref name="sequences"/> was last
    /// sent to them: the send time of a sent row, the planning time of a row still on its way
    /// (pending, sending, deferred). Rows created before <paramref name="notBefore"/> are not read.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyDictionary<long, DateTimeOffset>>> GetLastOfferedAsync(
        IReadOnlyCollection<long> subscriberIds, IReadOnlyCollection<long> sequences, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    /// <summary>Records that every subscriber of the edition has a row.</summary>
    Task MarkPlannedAsync(Edition edition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="take"/> due rows for <paramref name="owner"/> until now +
    /// <paramref name="lease"/>: rows whose lease ran out (a sender died), then due deferred rows,
    /// then pending ones. A row is claimed by one owner only.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, int take, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends <paramref name="owner"/>'s lease on a row; false when the row is no longer theirs.</summary>
    Task<bool> RenewAsync(long deliveryId, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Records a result for a row <paramref name="owner"/> holds; false when the row is no longer theirs.</summary>
    Task<bool> CompleteAsync(DeliveryResult result, string owner, int bounceLimit, CancellationToken cancellationToken = default);

    /// <summary>Gives rows back untried (the relay is unreachable, or the run stops): due again at <paramref name="dueAt"/>, the claim's attempt not counted.</summary>
    Task ReleaseAsync(IReadOnlyCollection<long> deliveryIds, string owner, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken = default);

    /// <summary>Outbox rows newest first, all or those with <paramref name="status"/>; at most <paramref name="limit"/> (0: all).</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many rows are in each status.</summary>
    Task<IReadOnlyDictionary<DeliveryStatus, long>> CountDeliveriesAsync(CancellationToken cancellationToken = default);

    /// <summary>Rows still leased to a sender (possibly a crashed one), and when the last lease ends.</summary>
    Task<(long Count, DateTimeOffset? Until)> CountLeasedAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes deferred rows (and with <paramref name="includeFailed"/> failed ones, with a fresh attempt budget) due now; returns how many.</summary>
    Task<int> MakeDueAsync(bool includeFailed, CancellationToken cancellationToken = default);
}
