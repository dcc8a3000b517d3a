namespace InvestChn.Storage;

/// <summary>What became of one claimed row, to be recorded.</summary>
/// <param name="DeliveryId">Row id.</param>
/// <param name="SubscriberId">Recipient (their bounce count may change).</param>
/// <param name="Status">Sent, Deferred, Failed or Skipped.</param>
/// <param name="Reply">The server's reply or the reason, for the admin.</param>
/// <param name="NextAttemptAt">For Deferred: when to try again.</param>
/// <param name="HardBounce">For Failed: the server refused the recipient for good (counts towards <c>Delivery:BounceLimit</c>).</param>
public sealed record DeliveryResult(long DeliveryId, long SubscriberId, DeliveryStatus Status, string Reply, DateTimeOffset? NextAttemptAt = null, bool HardBounce = false);
