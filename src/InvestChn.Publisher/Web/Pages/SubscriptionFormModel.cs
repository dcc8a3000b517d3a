using InvestChn.Subscriptions;

namespace InvestChn.Publisher.Web.Pages;

/// <summary>The model of <c>Subscribe.cshtml</c> and <c>Preferences.cshtml</c>: the fields as given, the channels to pick from, and what was wrong.</summary>
public sealed class SubscriptionFormModel : PageModel
{
    /// <summary>Where the form posts (a path on this site).</summary>
    public required string Action { get; init; }

    /// <summary>The address (fixed on the preferences page).</summary>
    public string Email { get; init; } = "";

    /// <summary>The name given.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>daily</c> or <c>weekly</c>.</summary>
    public string Frequency { get; init; } = "daily";

    /// <summary>Keywords as typed, separated by spaces or commas.</summary>
    public string Keywords { get; init; } = "";

    /// <summary>Every channel that can be picked.</summary>
    public IReadOnlyList<ChannelChoice> Channels { get; init; } = [];

    /// <summary>The slugs picked (none: every channel).</summary>
    public IReadOnlyCollection<string> Selected { get; init; } = [];

    /// <summary>What was wrong with the last post, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>A note above the form (e.g. that the preferences were saved); null for none.</summary>
    public string? Notice { get; init; }

    /// <summary>The unsubscribe page of this subscriber (preferences page only).</summary>
    public string? UnsubscribeUrl { get; init; }
}
