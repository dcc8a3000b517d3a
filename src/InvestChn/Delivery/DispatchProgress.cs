namespace InvestChn.Delivery;

/// <summary>Progress of a drain: rows finished so far out of those due when it started.</summary>
public readonly record struct DispatchProgress(int Done, int Total);
