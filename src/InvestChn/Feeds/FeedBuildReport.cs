namespace InvestChn.Feeds;

/// <summary>What one feed build did.</summary>
/// <param name="Feeds">Feeds in the set.</param>
/// <param name="Written">Files whose bytes changed.</param>
/// <param name="Unchanged">Files left as they were.</param>
/// <param name="Removed">Files of feeds or pages that no longer exist.</param>
public sealed record FeedBuildReport(int Feeds, int Written, int Unchanged, int Removed)
{
    public string Summary => $"feeds {Feeds}, files written {Written}, unchanged {Unchanged}, removed {Removed}";
}
