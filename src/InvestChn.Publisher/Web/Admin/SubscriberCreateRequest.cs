namespace InvestChn.Publisher.Web.Admin;

/// <summary>The body of <c>POST /api/admin/subscribers</c>; only the address is required.</summary>
/// <param name="Email">The address.</param>
/// <param name="Name">Display name (default empty).</param>
/// <param name="Frequency"><c>daily</c> (default) or <c>weekly</c>.</param>
/// <param name="Channels">Channel slugs (default none: every channel).</param>
/// <param name="Keywords">Keywords (default none: no filter).</param>
/// <param name="Pending">Add as pending (waiting for confirmation) instead of active.</param>
internal sealed record SubscriberCreateRequest(string? Email, string? Name, string? Frequency, IReadOnlyList<string>? Channels, IReadOnlyList<string>? Keywords, bool? Pending);
