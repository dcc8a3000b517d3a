namespace InvestChn.Publisher.Web.Pages;

/// <summary>The model of <c>Message.cshtml</c>: a few sentences and, on some pages, one button that posts a form.</summary>
public sealed class MessagePageModel : PageModel
{
    /// <summary>Paragraphs of plain text.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>Where the button posts (a path on this site); null for no button.</summary>
    public string? Action { get; init; }

    /// <summary>The button's label.</summary>
    public string? ButtonLabel { get; init; }

    /// <summary>A hidden field the form sends with the button (name, value); null for none.</summary>
    public KeyValuePair<string, string>? Hidden { get; init; }

    /// <summary>Links under the text (label, path on this site).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Links { get; init; } = [];
}
