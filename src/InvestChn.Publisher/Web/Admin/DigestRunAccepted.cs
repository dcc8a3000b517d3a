namespace InvestChn.Publisher.Web.Admin;

/// <summary>The answer of <c>POST /api/admin/digests/run</c>: what was planned; the sending goes on in the background.</summary>
internal sealed record DigestRunAccepted(IReadOnlyList<PlannedEdition> Editions, DeliveryRunState Delivery);
