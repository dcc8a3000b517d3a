namespace InvestChn.Publisher.Web.Admin;

/// <summary>The (optional) body of <c>POST /api/admin/digests/run</c>.</summary>
/// <param name="Frequency"><c>daily</c> or <c>weekly</c>; default both.</param>
/// <param name="At">Plan the edition due at this time (ISO 8601; without an offset it is read in <c>Digests:TimeZone</c>); default now.</param>
internal sealed record DigestRunRequest(string? Frequency, string? At);
