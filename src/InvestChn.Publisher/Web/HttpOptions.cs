namespace InvestChn.Publisher.Web;

/// <summary>Where <c>run</c> listens (section <c>Http</c>).</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>Semicolon-separated listen URLs, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    public IReadOnlyList<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
