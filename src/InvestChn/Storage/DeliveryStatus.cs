namespace InvestChn.Storage;

/// <summary>Where an outbox row stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Planned, not tried yet.</summary>
    Pending,

    /// <summary>Claimed by a sender until its lease ends.</summary>
    Sending,

    /// <summary>The server accepted it.</summary>
    Sent,

    /// <summary>A temporary failure; tried again after its backoff.</summary>
    Deferred,

    /// <summary>Refused for good, or deferred too often; the reply says why.</summary>
    Failed,

    /// <summary>Nothing was sent (no matching article, or the subscriber left before sending); the reason says which.</summary>
    Skipped,
}
