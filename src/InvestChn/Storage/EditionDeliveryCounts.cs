namespace InvestChn.Storage;

/// <summary>How the outbox rows of one edition stand.</summary>
/// <param name="Edition">The edition.</param>
/// <param name="Counts">Rows per status (every status present, zero when none).</param>
public sealed record EditionDeliveryCounts(Edition Edition, IReadOnlyDictionary<DeliveryStatus, long> Counts);
