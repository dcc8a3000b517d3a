using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>Reads and writes subscribers; one implementation per database.</summary>
public interface ISubscriberStore
{
    /// <summary>
    /// Adds the new addresses (with <paramref name="newStatus"/>) and updates the known ones (name,
    /// frequency, channels, keywords), in one transaction. A known subscriber's status only moves
    /// from pending to active: an unsubscribed or bounced address is never re-activated here.
    /// </summary>
    Task<IReadOnlyList<SubscriberSaveResult>> SaveAsync(IReadOnlyList<SubscriberInput> inputs, SubscriberStatus newStatus, CancellationToken cancellationToken = default);

    /// <summary>The subscriber with that address (compared case-insensitively), or null.</summary>
    Task<Subscriber?> FindAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Subscribers in address order, all or those with <paramref name="status"/>.</summary>
    Task<IReadOnlyList<Subscriber>> ListAsync(SubscriberStatus? status, CancellationToken cancellationToken = default);

    /// <summary>Deletes the subscriber and their outbox rows; false when the address is unknown.</summary>
    Task<bool> RemoveAsync(string email, CancellationToken cancellationToken = default);
}
