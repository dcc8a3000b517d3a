using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>What the public subscription pages read and write; one implementation per database.</summary>
public interface ISubscriptionStore
{
    /// <summary>
    /// A sign-up from the public form, in one transaction: a new address becomes a pending
    /// subscriber with <paramref name="newToken"/>; a pending or unsubscribed one is pending again
    /// with what was given; an active or bounced one is left as it is. A confirmation email is
    /// queued in the outbox in the same transaction, unless one was queued for the address within
    /// <paramref name="interval"/> or the address needs none.
    /// </summary>
    Task<SubscriptionRequestOutcome> RequestAsync(SubscriberInput input, string newToken, TimeSpan interval, string mailDomain, CancellationToken cancellationToken = default);

    /// <summary>The subscriber whose link token is exactly <paramref name="token"/>, or null.</summary>
    Task<Subscriber?> FindByTokenAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>The subscriber with store id <paramref name="id"/>, or null.</summary>
    Task<Subscriber?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Makes a pending subscriber active (offered what is imported from now on); false when they were not pending.</summary>
    Task<bool> ConfirmAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Marks an active or pending subscriber unsubscribed; false when they were neither.</summary>
    Task<bool> UnsubscribeAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Sets name, frequency, channels and keywords of a subscriber; false when the id is unknown.</summary>
    Task<bool> UpdatePreferencesAsync(long id, SubscriberInput preferences, CancellationToken cancellationToken = default);

    /// <summary>The key the database made for <paramref name="name"/> (at migration), to sign links when none is configured.</summary>
    Task<byte[]> GetSigningKeyAsync(string name, CancellationToken cancellationToken = default);
}
