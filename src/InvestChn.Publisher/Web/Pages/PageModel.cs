namespace InvestChn.Publisher.Web.Pages;

/// <summary>What every page template gets: the site, the title, and the fields that protect its form.</summary>
public class PageModel
{
    /// <summary>The name of the hidden field that only bots fill in; a form that comes back with it filled is answered as if it worked, and dropped.</summary>
    public const string HoneypotField = "website";

    /// <summary><c>Site:Name</c>.</summary>
    public required string SiteName { get; init; }

    /// <summary>The page's title and heading.</summary>
    public required string Title { get; init; }

    /// <summary>The antiforgery field's name; null on a page without a form.</summary>
    public string? FormFieldName { get; init; }

    /// <summary>The antiforgery field's value.</summary>
    public string? FormToken { get; init; }
}
