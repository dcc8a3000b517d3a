namespace InvestChn.Subscribers;

/// <summary>Where a subscriber stands; only <see cref="Active"/> subscribers receive digests.</summary>
public enum SubscriberStatus
{
    /// <summary>Signed up, waiting to confirm the address.</summary>
    Pending,

    /// <summary>Confirmed: receives digests.</summary>
    Active,

    /// <summary>Asked to stop; never re-activated by an import.</summary>
    Unsubscribed,

    /// <summary>The address failed permanently <c>Delivery:BounceLimit</c> times in a row.</summary>
    Bounced,
}
