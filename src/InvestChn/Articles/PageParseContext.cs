namespace InvestChn.Articles;

/// <summary>What the parser needs besides the page: the site's time zone, its base URL, and now.</summary>
/// <param name="TimeZone">Time zone the site's dates are written in.</param>
/// <param name="BaseUri">Absolute base for relative links in page bodies.</param>
/// <param name="Now">The current instant; pages dated more than a day after it are rejected.</param>
public sealed record PageParseContext(TimeZoneInfo TimeZone, Uri BaseUri, DateTimeOffset Now);
