using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>What saving one subscriber did.</summary>
public enum SubscriberSaveOutcome
{
    Added,
    Updated,
    Unchanged,
}

/// <summary>The outcome of saving one subscriber and the subscriber as stored afterwards.</summary>
public sealed record SubscriberSaveResult(SubscriberSaveOutcome Outcome, Subscriber Subscriber);
