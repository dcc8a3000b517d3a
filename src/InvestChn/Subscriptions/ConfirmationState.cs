namespace InvestChn.Subscriptions;

/// <summary>The verdict on a confirmation token.</summary>
public enum ConfirmationState
{
    /// <summary>Not a token this publisher made for a subscriber it has: the same answer as a missing page.</summary>
    Unknown,

    /// <summary>Made here, but older than <c>Subscriptions:ConfirmationTtl</c>.</summary>
    Expired,

    /// <summary>Made here and still good.</summary>
    Valid,
}
