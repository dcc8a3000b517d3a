namespace InvestChn.Publisher.Web.Admin;

/// <summary>The outbox drain the admin API started: whether it is running, and what the last one did.</summary>
/// <param name="Running">A drain is under way.</param>
/// <param name="StartedAt">When the current or last drain started.</param>
/// <param name="FinishedAt">When the last drain ended (null while running).</param>
/// <param name="Sent">Messages sent by the last drain (so far, while running: 0).</param>
/// <param name="Deferred">Messages deferred for a retry.</param>
/// <param name="Failed">Messages failed for good.</param>
/// <param name="Skipped">Rows closed without sending.</param>
/// <param name="NotTried">Rows given back untried because the drain stopped.</param>
/// <param name="StopReason">Why the drain stopped early (e.g. the relay cannot be reached).</param>
internal sealed record DeliveryRunState(
    bool Running,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Sent,
    int Deferred,
    int Failed,
    int Skipped,
    int NotTried,
    string? StopReason);
