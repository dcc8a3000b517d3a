using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>What the admin API asks of the subscriber store beyond <see cref="ISubscriberStore"/>: pages, lookups by id, counts; one implementation per database.</summary>
public interface ISubscriberQueries
{
    /// <summary>The page of subscribers that match <paramref name="query"/>, in address order, with the number that match.</summary>
    Task<ResultPage<Subscriber>> ListAsync(SubscriberQuery query, CancellationToken cancellationToken = default);

    /// <summary>The subscriber with that id, or null.</summary>
    Task<Subscriber?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Subscribers per status (every status present, zero when none).</summary>
    Task<IReadOnlyDictionary<SubscriberStatus, long>> CountByStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the subscriber unsubscribed (their pending and deferred rows are then skipped when their turn comes); false when the id is unknown.</summary>
    Task<bool> UnsubscribeAsync(long id, CancellationToken cancellationToken = default);
}
