namespace InvestChn.Delivery;

/// <summary>What one drain of the outbox did.</summary>
/// <param name="Sent">Messages the server accepted.</param>
/// <param name="Deferred">Temporary failures, to be retried after their backoff.</param>
/// <param name="Failed">Messages refused for good or deferred too often.</param>
/// <param name="Skipped">Rows with nothing to send any more (the subscriber left, the articles went).</param>
/// <param name="Released">Claimed rows given back untried because the run stopped.</param>
/// <param name="StopReason">Why the run stopped early (relay unreachable, a template error), or null.</param>
public sealed record DispatchReport(int Sent, int Deferred, int Failed, int Skipped, int Released, string? StopReason)
{
    /// <summary>True when nothing failed and the run was not stopped.</summary>
    public bool Clean => Failed == 0 && Deferred == 0 && StopReason is null;
}
