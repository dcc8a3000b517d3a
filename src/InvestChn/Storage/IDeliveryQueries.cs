namespace InvestChn.Storage;

/// <summary>What the admin API asks of the outbox beyond <see cref="IDigestStore"/>: filtered pages and per-edition counts; one implementation per database.</summary>
public interface IDeliveryQueries
{
    /// <summary>The page of outbox rows that match <paramref name="query"/>, newest edition first, with the number that match.</summary>
    Task<ResultPage<DeliveryRecord>> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="editions"/> editions (by scheduled time, every frequency), each with its rows per status.</summary>
    Task<IReadOnlyList<EditionDeliveryCounts>> CountByEditionAsync(int editions, CancellationToken cancellationToken = default);
}
