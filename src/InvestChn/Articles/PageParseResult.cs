namespace InvestChn.Articles;

/// <summary>Either a parsed page or the one-line reason it was rejected.</summary>
public sealed class PageParseResult
{
    private PageParseResult(ParsedPage? page, string? rejection)
    {
        Page = page;
        Rejection = rejection;
    }

    public ParsedPage? Page { get; }

    public string? Rejection { get; }

    public static PageParseResult Accepted(ParsedPage page) => new(page, null);

    public static PageParseResult Rejected(string reason) => new(null, reason);
}
