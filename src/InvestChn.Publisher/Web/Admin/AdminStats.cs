namespace InvestChn.Publisher.Web.Admin;

/// <summary>The answer of <c>GET /api/admin/stats</c>.</summary>
/// <param name="Subscribers">Subscribers per status.</param>
/// <param name="Deliveries">Outbox rows per status over the editions listed.</param>
/// <param name="Editions">The newest editions, each with its rows per status.</param>
internal sealed record AdminStats(IReadOnlyDictionary<string, long> Subscribers, IReadOnlyDictionary<string, long> Deliveries, IReadOnlyList<EditionStats> Editions);
