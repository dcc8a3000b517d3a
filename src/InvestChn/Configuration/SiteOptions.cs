namespace InvestChn.Configuration;

/// <summary>The published site this publisher serves (section <c>Site</c>).</summary>
public sealed class SiteOptions
{
    public const string SectionName = "Site";

    /// <summary>Name shown in feeds and emails.</summary>
    public string Name { get; set; } = "投促中国 InvestCHN";

    /// <summary>Absolute base URL of the news site; article URLs that pages do not carry are derived from it.</summary>
    public string BaseUrl { get; set; } = "https://www.investchn.com";

    /// <summary>Absolute URL under which this publisher's own pages and feeds are reachable.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary><see cref="BaseUrl"/> as a URI with a trailing slash, so relative paths resolve under it.</summary>
    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);
}
