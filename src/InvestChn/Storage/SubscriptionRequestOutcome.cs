namespace InvestChn.Storage;

/// <summary>What a sign-up from the public form did; the page shows the same whatever it is.</summary>
public enum SubscriptionRequestOutcome
{
    /// <summary>A confirmation email is queued.</summary>
    Queued,

    /// <summary>Pending, but a confirmation email was queued within <c>Subscriptions:ConfirmationInterval</c>.</summary>
    Throttled,

    /// <summary>Already active: nothing changed, nothing sent.</summary>
    AlreadyActive,

    /// <summary>The address bounced: nothing changed, nothing sent.</summary>
    Bounced,
}
