namespace InvestChn.Publisher.Web.Admin;

/// <summary>The body of <c>PATCH /api/admin/subscribers/{id}</c>: what is given changes, what is left out stays.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Frequency"><c>daily</c> or <c>weekly</c>.</param>
/// <param name="Channels">Channel slugs (empty: every channel).</param>
/// <param name="Keywords">Keywords (empty: no filter).</param>
/// <param name="Status"><c>active</c> (confirms a pending subscriber) or <c>unsubscribed</c>; an unsubscribed or bounced address is never re-activated here.</param>
internal sealed record SubscriberUpdateRequest(string? Name, string? Frequency, IReadOnlyList<string>? Channels, IReadOnlyList<string>? Keywords, string? Status);
