namespace InvestChn.Publisher.Web.Admin;

/// <summary>The answer of <c>POST /api/admin/deliveries/retry</c>: how many rows were made due; the sending goes on in the background.</summary>
internal sealed record RetryAccepted(int MadeDue, DeliveryRunState Delivery);
